/** Payloads of the problem events. */
@NullMarked
package org.spoc.events.problem;

import org.jspecify.annotations.NullMarked;
