/** Whole-platform tests through the gateway, on the embedded local stack. */
@NullMarked
package org.spoc.e2e;

import org.jspecify.annotations.NullMarked;
