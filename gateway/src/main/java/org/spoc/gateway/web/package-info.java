@NullMarked
package org.spoc.gateway.web;

import org.jspecify.annotations.NullMarked;
