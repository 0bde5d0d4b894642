/** MongoDB adapters of the domain's ports: problems (with the kit's outbox), detection state, settings. */
@NullMarked
package org.spoc.problem.store;

import org.jspecify.annotations.NullMarked;
