@NullMarked
package org.spoc.ticket.config;

import org.jspecify.annotations.NullMarked;
