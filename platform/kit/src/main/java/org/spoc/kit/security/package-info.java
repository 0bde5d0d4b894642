/** JWT resource server, the current user, and token minting for development and tests. */
@NullMarked
package org.spoc.kit.security;

import org.jspecify.annotations.NullMarked;
