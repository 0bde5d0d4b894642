package org.spoc.problem.domain;

/**
 * One change to a problem's links: an incident linked (or its details refreshed), or unlinked, with the
 * problem version that change made. The links live apart from the problem (there can be thousands);
 * the problem document keeps the changes of its latest write, so that a link change is never lost
 * between the problem's write and the link's (see {@link ProblemRepository}).
 */
public record LinkChange(ProblemIncident incident, boolean linked, long version) {

    public String ticketId() {
        return incident.ticketId();
    }
}
