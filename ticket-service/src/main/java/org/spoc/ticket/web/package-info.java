@NullMarked
package org.spoc.ticket.web;

import org.jspecify.annotations.NullMarked;
