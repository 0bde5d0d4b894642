/** Payloads of the escalation events. */
@NullMarked
package org.spoc.events.escalation;

import org.jspecify.annotations.NullMarked;
