@NullMarked
package org.spoc.problem.domain.detection;

import org.jspecify.annotations.NullMarked;
