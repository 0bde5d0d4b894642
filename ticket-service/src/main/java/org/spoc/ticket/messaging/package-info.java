@NullMarked
package org.spoc.ticket.messaging;

import org.jspecify.annotations.NullMarked;
