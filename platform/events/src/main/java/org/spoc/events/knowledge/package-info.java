/** Payloads of the knowledge events. */
@NullMarked
package org.spoc.events.knowledge;

import org.jspecify.annotations.NullMarked;
