@NullMarked
package org.spoc.kit.outbox;

import org.jspecify.annotations.NullMarked;
