@NullMarked
package org.spoc.notification.config;

import org.jspecify.annotations.NullMarked;
