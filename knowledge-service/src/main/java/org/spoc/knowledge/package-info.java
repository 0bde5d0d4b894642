@NullMarked
package org.spoc.knowledge;

import org.jspecify.annotations.NullMarked;
