@NullMarked
package org.spoc.escalation;

import org.jspecify.annotations.NullMarked;
