@NullMarked
package org.spoc.ticket;

import org.jspecify.annotations.NullMarked;
