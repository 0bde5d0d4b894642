@NullMarked
package org.spoc.knowledge.web;

import org.jspecify.annotations.NullMarked;
