@NullMarked
package org.spoc.testkit;

import org.jspecify.annotations.NullMarked;
