package org.spoc.escalation.web;

import org.spoc.escalation.domain.SlaFigures;
import org.spoc.escalation.domain.SlaService;
import org.spoc.escalation.domain.TicketSla;
import org.spoc.kit.security.CurrentUser;
import org.spoc.kit.web.ApiException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** SLA state per ticket, and the desk's figures. */
@RestController
class SlaController {

    private final SlaService sla;

    SlaController(SlaService sla) {
        this.sla = sla;
    }

    /** Requesters see the clocks of their own tickets only; anyone else's ticket is not found. */
    @GetMapping("/api/sla/{ticketId}")
    SlaView get(@PathVariable String ticketId, CurrentUser user) {
        TicketSla ticket = sla.find(ticketId)
                .filter(t -> !user.isRequesterOnly() || t.requester().equals(user.username()))
                .orElseThrow(() -> ApiException.notFound("ticket " + ticketId));
        return SlaView.of(ticket, sla.context(), sla.now(), user.isAgent());
    }

    /** Compliance per team, tier and priority; time in tier; escalations and bounce-backs. */
    @GetMapping("/api/sla-figures")
    SlaFigures figures(CurrentUser user) {
        if (!user.isAgent()) {
            throw ApiException.forbidden("figures are for the desk");
        }
        return SlaFigures.of(sla.repository().findAll(new org.bson.Document()), sla.now());
    }
}
