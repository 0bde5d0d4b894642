@NullMarked
package org.spoc.knowledge.domain;

import org.jspecify.annotations.NullMarked;
