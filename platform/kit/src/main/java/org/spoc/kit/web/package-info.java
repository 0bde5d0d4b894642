@NullMarked
package org.spoc.kit.web;

import org.jspecify.annotations.NullMarked;
