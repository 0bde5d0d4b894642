/** The SPOC benchmark: open-loop load against the local platform, with same-run baselines. */
@NullMarked
package org.spoc.bench;

import org.jspecify.annotations.NullMarked;
