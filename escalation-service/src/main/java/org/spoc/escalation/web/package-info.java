@NullMarked
package org.spoc.escalation.web;

import org.jspecify.annotations.NullMarked;
