package org.spoc.ticket.domain;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

class CatalogItemTests {

    final CatalogItem access = Catalog.standardItems().stream().filter(i -> i.id().equals("system-access"))
            .findFirst().orElseThrow();

    @Test
    void seedsTheFourStandardItemsWithFulfilmentGroups() {
        assertThat(Catalog.standardItems()).extracting(CatalogItem::id)
                .containsExactly("password-reset", "new-laptop", "software-install", "system-access");
        assertThat(Catalog.standardItems()).allSatisfy(i -> assertThat(i.fulfilmentGroup()).isNotBlank());
    }

    @Test
    void acceptsACompleteForm() {
        assertThatCode(() -> access.validate(Map.of("system", "SAP", "accessLevel", "read", "justification", "audit")))
                .doesNotThrowAnyException();
    }

    @Test
    void namesTheMissingRequiredField() {
        assertThatThrownBy(() -> access.validate(Map.of("system", "SAP", "accessLevel", "read")))
                .isInstanceOfSatisfying(InvalidTicketInput.class,
                        ex -> assertThat(ex.field()).isEqualTo("form.justification"));
    }

    @Test
    void rejectsUnknownFieldsAndValuesOutsideTheChoices() {
        assertThatThrownBy(() -> access.validate(Map.of("system", "SAP", "accessLevel", "root", "justification", "x")))
                .isInstanceOfSatisfying(InvalidTicketInput.class,
                        ex -> assertThat(ex.field()).isEqualTo("form.accessLevel"));
        assertThatThrownBy(() -> access.validate(Map.of("system", "SAP", "accessLevel", "read", "justification", "x",
                "colour", "red"))).isInstanceOfSatisfying(InvalidTicketInput.class,
                        ex -> assertThat(ex.field()).isEqualTo("form.colour"));
    }
}
