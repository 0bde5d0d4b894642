package org.spoc.knowledge.web;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.spoc.kit.web.ApiException;
import org.spoc.knowledge.domain.TicketSuggestions;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/knowledge/suggestions?text=}: articles for what a requester is typing into the
 * ticket form (the last word may be unfinished). Always the requester's view: published articles
 * for requesters.
 */
@RestController
class SuggestionController {

    private final TicketSuggestions suggestions;

    SuggestionController(TicketSuggestions suggestions) {
        this.suggestions = suggestions;
    }

    @GetMapping("/api/knowledge/suggestions")
    Responses.Suggestions suggest(@RequestParam(required = false) @Nullable String text,
            @RequestParam(defaultValue = "5") int size) {
        if (size < 1 || size > 10) {
            throw ApiException.badRequest("size", "must be between 1 and 10");
        }
        String value = Inputs.optional("text", text, 2_000);
        if (value == null) {
            return new Responses.Suggestions(List.of());
        }
        return new Responses.Suggestions(suggestions.asYouType(value, size).stream()
                .map(h -> Responses.Hit.of(h, true)).toList());
    }
}
