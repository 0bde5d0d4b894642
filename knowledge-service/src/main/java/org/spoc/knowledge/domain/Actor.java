package org.spoc.knowledge.domain;

/**
 * Who acts on articles. Agents write and submit drafts; reviewers (managers and admins) also
 * publish, retire and edit published articles. Requesters only read.
 */
public record Actor(String username, boolean agent, boolean reviewer) {

    public static final Actor SYSTEM = new Actor("knowledge-service", true, true);

    public boolean requesterOnly() {
        return !agent && !reviewer;
    }
}
