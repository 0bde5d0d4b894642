@NullMarked
package org.spoc.escalation.messaging;

import org.jspecify.annotations.NullMarked;
