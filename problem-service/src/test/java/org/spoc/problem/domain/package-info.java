@NullMarked
package org.spoc.problem.domain;

import org.jspecify.annotations.NullMarked;
