package org.spoc.escalation.web;

import java.util.List;

import org.spoc.escalation.domain.BusinessCalendar;
import org.spoc.escalation.domain.EscalationPolicy;
import org.spoc.escalation.domain.MongoSlaCatalog;
import org.spoc.escalation.domain.SlaPolicy;
import org.spoc.escalation.domain.SlaService;
import org.spoc.escalation.web.CatalogBodies.CalendarBody;
import org.spoc.escalation.web.CatalogBodies.CalendarView;
import org.spoc.escalation.web.CatalogBodies.EscalationPolicyBody;
import org.spoc.escalation.web.CatalogBodies.SlaPolicyBody;
import org.spoc.kit.security.CurrentUser;
import org.spoc.kit.web.ApiException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * SLA policies, calendars and escalation policies. The desk may read them; admins replace them.
 * A replacement applies to clocks started afterwards, and with {@code ?applyToRunning=true} also to
 * running clocks (elapsed time kept); the answer's {@code Spoc-Clocks-Reapplied} header counts the
 * open tickets updated.
 */
@RestController
class CatalogController {

    static final String REAPPLIED = "Spoc-Clocks-Reapplied";

    private final MongoSlaCatalog catalog;
    private final SlaService sla;

    CatalogController(MongoSlaCatalog catalog, SlaService sla) {
        this.catalog = catalog;
        this.sla = sla;
    }

    @GetMapping("/api/sla-policies")
    List<SlaPolicyBody> policies(CurrentUser user) {
        desk(user);
        return catalog.policies().stream().map(SlaPolicyBody::of).toList();
    }

    @GetMapping("/api/sla-policies/{id}")
    SlaPolicyBody policy(@PathVariable String id, CurrentUser user) {
        desk(user);
        return catalog.policies().stream().filter(p -> p.id().equals(id)).findFirst().map(SlaPolicyBody::of)
                .orElseThrow(() -> ApiException.notFound("SLA policy " + id));
    }

    @PutMapping("/api/sla-policies/{id}")
    ResponseEntity<SlaPolicyBody> putPolicy(@PathVariable String id, @RequestBody SlaPolicyBody body,
            @RequestParam(defaultValue = "false") boolean applyToRunning, CurrentUser user) {
        admin(user);
        SlaPolicy policy = body.toPolicy(id);
        if (!catalog.hasCalendar(policy.calendarId())) {
            throw ApiException.badRequest("calendarId", "no calendar '" + policy.calendarId() + "'");
        }
        catalog.savePolicy(policy);
        int reapplied = applyToRunning ? sla.reapplyPolicies("SLA policy " + id + " replaced") : 0;
        return ResponseEntity.ok().header(REAPPLIED, Integer.toString(reapplied)).body(SlaPolicyBody.of(policy));
    }

    @GetMapping("/api/calendars")
    List<CalendarView> calendars(CurrentUser user) {
        desk(user);
        return catalog.currentCalendars().stream().map(CalendarView::of).toList();
    }

    @GetMapping("/api/calendars/{id}")
    CalendarView calendar(@PathVariable String id, CurrentUser user) {
        desk(user);
        if (!catalog.hasCalendar(id)) {
            throw ApiException.notFound("calendar " + id);
        }
        return CalendarView.of(catalog.calendar(id));
    }

    @PutMapping("/api/calendars/{id}")
    ResponseEntity<CalendarView> putCalendar(@PathVariable String id, @RequestBody CalendarBody body,
            @RequestParam(defaultValue = "false") boolean applyToRunning, CurrentUser user) {
        admin(user);
        if (BusinessCalendar.ALWAYS_ID.equals(id)) {
            throw ApiException.badRequest("id", "the 24x7 calendar is built in and cannot be replaced");
        }
        BusinessCalendar saved = catalog.saveCalendar(body.toCalendar(id));
        int reapplied = applyToRunning ? sla.reapplyPolicies("calendar " + id + " replaced (v" + saved.version() + ")") : 0;
        return ResponseEntity.ok().header(REAPPLIED, Integer.toString(reapplied)).body(CalendarView.of(saved));
    }

    @GetMapping("/api/escalation-policies")
    List<EscalationPolicyBody> escalationPolicies(CurrentUser user) {
        desk(user);
        return List.of(EscalationPolicyBody.of(catalog.escalationPolicy()));
    }

    @GetMapping("/api/escalation-policies/{id}")
    EscalationPolicyBody escalationPolicy(@PathVariable String id, CurrentUser user) {
        desk(user);
        if (!EscalationPolicy.DEFAULT_ID.equals(id)) {
            throw ApiException.notFound("escalation policy " + id);
        }
        return EscalationPolicyBody.of(catalog.escalationPolicy());
    }

    /** Replaces the escalation rules; fields left out keep their current value. */
    @PutMapping("/api/escalation-policies/{id}")
    EscalationPolicyBody putEscalationPolicy(@PathVariable String id, @RequestBody EscalationPolicyBody body,
            CurrentUser user) {
        admin(user);
        if (!EscalationPolicy.DEFAULT_ID.equals(id)) {
            throw ApiException.badRequest("id", "there is one escalation policy, 'default'");
        }
        return EscalationPolicyBody.of(catalog.saveEscalationPolicy(body.toPolicy(id, catalog.escalationPolicy())));
    }

    private static void desk(CurrentUser user) {
        if (!user.isAgent()) {
            throw ApiException.forbidden("SLA policies are for the desk");
        }
    }

    private static void admin(CurrentUser user) {
        if (!user.isAdmin()) {
            throw ApiException.forbidden("only admins replace policies and calendars");
        }
    }
}
