@NullMarked
package org.spoc.notification.web;

import org.jspecify.annotations.NullMarked;
