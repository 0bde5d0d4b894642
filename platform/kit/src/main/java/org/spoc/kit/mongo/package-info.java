@NullMarked
package org.spoc.kit.mongo;

import org.jspecify.annotations.NullMarked;
