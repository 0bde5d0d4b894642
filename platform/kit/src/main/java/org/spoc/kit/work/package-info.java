/** Background work loops, and the bounded memory of recent work, shared by the services. */
@NullMarked
package org.spoc.kit.work;

import org.jspecify.annotations.NullMarked;
