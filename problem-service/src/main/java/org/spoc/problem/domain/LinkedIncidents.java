package org.spoc.problem.domain;

import java.util.Optional;

/**
 * A problem's links as stored apart from it: the problem asks for the one incident a change is about,
 * never for all of them.
 */
@FunctionalInterface
public interface LinkedIncidents {

    /** Nothing stored: a problem made in memory knows all its links itself. */
    LinkedIncidents NONE = ticketId -> Optional.empty();

    /** The incident as linked to the problem, if it is linked. */
    Optional<ProblemIncident> find(String ticketId);
}
