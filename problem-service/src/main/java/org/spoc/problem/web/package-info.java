@NullMarked
package org.spoc.problem.web;

import org.jspecify.annotations.NullMarked;
