@NullMarked
package org.spoc.gateway;

import org.jspecify.annotations.NullMarked;
