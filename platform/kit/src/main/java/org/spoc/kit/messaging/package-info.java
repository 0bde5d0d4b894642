@NullMarked
package org.spoc.kit.messaging;

import org.jspecify.annotations.NullMarked;
