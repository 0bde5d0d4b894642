package org.spoc.ticket.domain;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/** What an import did with each row: imported (with the new number), skipped as already imported, or rejected. */
public record ImportReport(int received, List<Imported> imported, List<Skipped> skipped, List<Rejected> rejected) {

    public record Imported(int row, String sourceId, String id, String number) {
    }

    public record Skipped(int row, String sourceId, String reason) {
    }

    public record Rejected(int row, @Nullable String sourceId, String field, String detail) {
    }

    public static ImportReport empty(int received) {
        return new ImportReport(received, new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }
}
