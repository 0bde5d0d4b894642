/** The search benchmark: a main class run on demand, never by surefire or failsafe. */
@NullMarked
package org.spoc.knowledge.bench;

import org.jspecify.annotations.NullMarked;
