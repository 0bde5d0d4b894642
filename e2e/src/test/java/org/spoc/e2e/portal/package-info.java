/** Browser tests of the portal and the agent console: Debian's Chromium driven by Playwright, against the whole platform. */
@NullMarked
package org.spoc.e2e.portal;

import org.jspecify.annotations.NullMarked;
