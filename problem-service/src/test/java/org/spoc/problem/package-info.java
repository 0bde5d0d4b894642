@NullMarked
package org.spoc.problem;

import org.jspecify.annotations.NullMarked;
