@NullMarked
package org.spoc.local;

import org.jspecify.annotations.NullMarked;
