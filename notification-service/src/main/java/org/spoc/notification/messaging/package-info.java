@NullMarked
package org.spoc.notification.messaging;

import org.jspecify.annotations.NullMarked;
