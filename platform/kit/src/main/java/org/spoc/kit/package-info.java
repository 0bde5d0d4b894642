/** The service kit: what every SPOC service uses. See platform/kit/README.md. */
@NullMarked
package org.spoc.kit;

import org.jspecify.annotations.NullMarked;
