@NullMarked
package org.spoc.problem.messaging;

import org.jspecify.annotations.NullMarked;
