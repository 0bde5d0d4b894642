@NullMarked
package org.spoc.gateway.security;

import org.jspecify.annotations.NullMarked;
