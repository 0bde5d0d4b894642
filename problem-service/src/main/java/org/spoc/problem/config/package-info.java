@NullMarked
package org.spoc.problem.config;

import org.jspecify.annotations.NullMarked;
