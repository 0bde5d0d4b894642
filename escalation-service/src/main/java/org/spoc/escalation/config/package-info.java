@NullMarked
package org.spoc.escalation.config;

import org.jspecify.annotations.NullMarked;
