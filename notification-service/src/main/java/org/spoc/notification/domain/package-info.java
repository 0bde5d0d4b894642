@NullMarked
package org.spoc.notification.domain;

import org.jspecify.annotations.NullMarked;
