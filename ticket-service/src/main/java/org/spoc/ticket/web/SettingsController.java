package org.spoc.ticket.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.spoc.events.ticket.Level;
import org.spoc.events.ticket.Priority;
import org.spoc.kit.security.CurrentUser;
import org.spoc.kit.web.ApiException;
import org.spoc.ticket.domain.DeskPolicy;
import org.spoc.ticket.domain.DeskSettings;
import org.spoc.ticket.domain.PriorityMatrix;
import org.spoc.ticket.domain.RoutingRule;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/priority-matrix} (impact -> urgency -> priority) and {@code /api/routing-rules}: read by the
 * desk, replaced by admins; they apply to tickets opened afterwards. Each is also served under
 * {@code /api/tickets/settings/...}, which the gateway's ticket route already covers.
 */
@RestController
class SettingsController {

    private final DeskSettings settings;
    private final DeskPolicy policy;

    SettingsController(DeskSettings settings, DeskPolicy policy) {
        this.settings = settings;
        this.policy = policy;
    }

    @GetMapping({ "/api/priority-matrix", "/api/tickets/settings/priority-matrix" })
    Map<Level, Map<Level, Priority>> matrix() {
        return settings.priorityMatrix().cells();
    }

    @PutMapping({ "/api/priority-matrix", "/api/tickets/settings/priority-matrix" })
    Map<Level, Map<Level, Priority>> putMatrix(@RequestBody Map<Level, Map<Level, Priority>> cells, CurrentUser user) {
        requireAdmin(user);
        PriorityMatrix matrix = new PriorityMatrix(cells);
        settings.savePriorityMatrix(matrix);
        return matrix.cells();
    }

    @GetMapping({ "/api/routing-rules", "/api/tickets/settings/routing-rules" })
    Requests.RoutingRules rules(CurrentUser user) {
        if (!user.isAgent()) {
            throw ApiException.forbidden("routing rules are for the service desk");
        }
        return new Requests.RoutingRules(settings.routingRules().stream()
                .map(r -> new Requests.RoutingRules.Rule(r.type(), r.category(), r.catalogItem(), r.service(),
                        r.group()))
                .toList());
    }

    @PutMapping({ "/api/routing-rules", "/api/tickets/settings/routing-rules" })
    Requests.RoutingRules putRules(@RequestBody Requests.RoutingRules body, CurrentUser user) {
        requireAdmin(user);
        if (body.rules() == null) {
            throw ApiException.badRequest("rules", "is required");
        }
        List<RoutingRule> rules = new ArrayList<>();
        for (int i = 0; i < body.rules().size(); i++) {
            Requests.RoutingRules.Rule r = body.rules().get(i);
            String path = "rules[" + i + "]";
            String group = Inputs.name(path + ".group", r.group());
            if (group == null || !policy.knowsGroup(group)) {
                throw ApiException.badRequest(path + ".group", "must be one of " + policy.groups().keySet());
            }
            rules.add(new RoutingRule(r.type(), Inputs.name(path + ".category", r.category()),
                    Inputs.name(path + ".catalogItem", r.catalogItem()), Inputs.name(path + ".service", r.service()),
                    group));
        }
        settings.saveRoutingRules(rules);
        return body;
    }

    record AutoAssign(DeskPolicy.Strategy strategy, List<String> members) {
    }

    @GetMapping({ "/api/auto-assignment", "/api/tickets/settings/auto-assignment" })
    Map<String, DeskPolicy.AutoAssignment> autoAssignment(CurrentUser user) {
        if (!user.isAgent()) {
            throw ApiException.forbidden("auto-assignment settings are for the service desk");
        }
        return settings.autoAssignment();
    }

    /** {@code {"service-desk": {"strategy": "ROUND_ROBIN", "members": ["hank", "mia"]}}}; replaces all groups. */
    @PutMapping({ "/api/auto-assignment", "/api/tickets/settings/auto-assignment" })
    Map<String, DeskPolicy.AutoAssignment> putAutoAssignment(@RequestBody Map<String, AutoAssign> body,
            CurrentUser user) {
        requireAdmin(user);
        Map<String, DeskPolicy.AutoAssignment> result = new java.util.TreeMap<>();
        body.forEach((group, a) -> {
            org.spoc.kit.web.SafeInput.key("group", group);
            if (!policy.knowsGroup(group)) {
                throw ApiException.badRequest(group, "is not a group; groups: " + policy.groups().keySet());
            }
            if (a == null || a.strategy() == null) {
                throw ApiException.badRequest(group + ".strategy", "is required (NONE, ROUND_ROBIN, FEWEST_OPEN)");
            }
            List<String> members = a.members() == null ? List.of() : a.members();
            if (a.strategy() != DeskPolicy.Strategy.NONE && members.isEmpty()) {
                throw ApiException.badRequest(group + ".members", "needs at least one member");
            }
            for (String member : members) {
                if (Inputs.name(group + ".members", member) == null) {
                    throw ApiException.badRequest(group + ".members", "must not be blank");
                }
            }
            result.put(group, new DeskPolicy.AutoAssignment(a.strategy(), members));
        });
        settings.saveAutoAssignment(result);
        return result;
    }

    private static void requireAdmin(CurrentUser user) {
        if (!user.isAdmin()) {
            throw ApiException.forbidden("only admins change desk settings");
        }
    }
}
