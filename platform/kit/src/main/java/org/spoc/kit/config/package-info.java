@NullMarked
package org.spoc.kit.config;

import org.jspecify.annotations.NullMarked;
