/** Background work loops shared by the services. */
@NullMarked
package org.spoc.kit.work;

import org.jspecify.annotations.NullMarked;
