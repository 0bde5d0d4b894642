@NullMarked
package org.spoc.gateway.config;

import org.jspecify.annotations.NullMarked;
