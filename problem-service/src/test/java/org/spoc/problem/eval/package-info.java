/** The detection evaluation harness: a generator of realistic incident streams and a replay that scores detection. */
@NullMarked
package org.spoc.problem.eval;

import org.jspecify.annotations.NullMarked;
