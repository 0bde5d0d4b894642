@NullMarked
package org.spoc.ticket.domain;

import org.jspecify.annotations.NullMarked;
