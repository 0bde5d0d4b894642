@NullMarked
package org.spoc.notification;

import org.jspecify.annotations.NullMarked;
