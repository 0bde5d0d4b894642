package org.spoc.ticket.web;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.spoc.events.ticket.Level;
import org.spoc.kit.security.CurrentUser;
import org.spoc.kit.web.ApiException;
import org.spoc.kit.web.SafeInput;
import org.spoc.ticket.domain.Catalog;
import org.spoc.ticket.domain.CatalogItem;
import org.spoc.ticket.domain.DeskPolicy;
import org.spoc.ticket.domain.FormField;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/catalog}: the service catalog; everyone reads it, admins edit it. */
@RestController
class CatalogController {

    private final Catalog catalog;
    private final DeskPolicy policy;

    CatalogController(Catalog catalog, DeskPolicy policy) {
        this.catalog = catalog;
        this.policy = policy;
    }

    record ItemRequest(@Nullable String name, @Nullable String description, @Nullable String fulfilmentGroup,
            @Nullable Level defaultImpact, @Nullable Level defaultUrgency, @Nullable String category,
            @Nullable List<FieldRequest> fields, @Nullable Boolean active) {
    }

    record FieldRequest(@Nullable String name, @Nullable String label, FormField.@Nullable FieldType type,
            @Nullable Boolean required, @Nullable List<String> options, @Nullable Integer maxLength) {
    }

    @GetMapping("/api/catalog")
    List<CatalogItem> all(CurrentUser user) {
        List<CatalogItem> items = catalog.all();
        return user.isAgent() ? items : items.stream().filter(CatalogItem::active).toList();
    }

    @GetMapping("/api/catalog/{id}")
    CatalogItem one(@PathVariable String id, CurrentUser user) {
        return catalog.find(id).filter(i -> i.active() || user.isAgent())
                .orElseThrow(() -> ApiException.notFound("catalog item " + id));
    }

    @PutMapping("/api/catalog/{id}")
    CatalogItem put(@PathVariable String id, @RequestBody ItemRequest body, CurrentUser user) {
        if (!user.isAdmin()) {
            throw ApiException.forbidden("the catalog is edited by admins");
        }
        if (!id.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw ApiException.badRequest("id", "must be lower-case letters, digits and dashes");
        }
        String group = Inputs.name("fulfilmentGroup", body.fulfilmentGroup());
        if (group == null || !policy.knowsGroup(group)) {
            throw ApiException.badRequest("fulfilmentGroup", "must be one of " + policy.groups().keySet());
        }
        if (body.defaultImpact() == null) {
            throw ApiException.badRequest("defaultImpact", "is required");
        }
        if (body.defaultUrgency() == null) {
            throw ApiException.badRequest("defaultUrgency", "is required");
        }
        List<FormField> fields = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<FieldRequest> requested = body.fields() == null ? List.of() : body.fields();
        for (int i = 0; i < requested.size(); i++) {
            FieldRequest f = requested.get(i);
            String path = "fields[" + i + "]";
            String name = Inputs.required(path + ".name", f.name(), 60);
            SafeInput.key(path + ".name", name);
            if (!names.add(name)) {
                throw ApiException.badRequest(path + ".name", "duplicate field name '" + name + "'");
            }
            if (f.type() == null) {
                throw ApiException.badRequest(path + ".type", "is required");
            }
            List<String> options = f.options() == null ? List.of() : f.options();
            if (f.type() == FormField.FieldType.CHOICE && options.isEmpty()) {
                throw ApiException.badRequest(path + ".options", "a CHOICE field needs options");
            }
            options.forEach(o -> Inputs.required(path + ".options", o, 200));
            fields.add(new FormField(name, Inputs.required(path + ".label", f.label(), 200), f.type(),
                    Boolean.TRUE.equals(f.required()), options, f.maxLength()));
        }
        CatalogItem item = new CatalogItem(id, Inputs.required("name", body.name(), 200),
                body.description() == null ? "" : Inputs.text("description", body.description(), 5000), group,
                body.defaultImpact(), body.defaultUrgency(), Inputs.name("category", body.category()), fields,
                body.active() == null || body.active());
        catalog.save(item);
        return item;
    }
}
