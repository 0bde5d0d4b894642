/** Payloads of the notification events. */
@NullMarked
package org.spoc.events.notification;

import org.jspecify.annotations.NullMarked;
