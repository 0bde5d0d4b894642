/** Web filters at the door: client rate limits, body size, access log, error rendering. */
@NullMarked
package org.spoc.gateway.edge;

import org.jspecify.annotations.NullMarked;
