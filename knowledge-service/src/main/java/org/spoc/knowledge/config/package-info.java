@NullMarked
package org.spoc.knowledge.config;

import org.jspecify.annotations.NullMarked;
