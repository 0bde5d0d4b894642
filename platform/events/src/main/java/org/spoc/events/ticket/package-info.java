/** Payloads of the ticket events. */
@NullMarked
package org.spoc.events.ticket;

import org.jspecify.annotations.NullMarked;
