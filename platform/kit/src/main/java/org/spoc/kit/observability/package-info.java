@NullMarked
package org.spoc.kit.observability;

import org.jspecify.annotations.NullMarked;
