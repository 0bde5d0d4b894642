@NullMarked
package org.spoc.knowledge.messaging;

import org.jspecify.annotations.NullMarked;
