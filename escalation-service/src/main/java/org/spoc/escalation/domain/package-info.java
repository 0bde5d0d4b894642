@NullMarked
package org.spoc.escalation.domain;

import org.jspecify.annotations.NullMarked;
