@NullMarked
package org.spoc.gateway.edge;

import org.jspecify.annotations.NullMarked;
