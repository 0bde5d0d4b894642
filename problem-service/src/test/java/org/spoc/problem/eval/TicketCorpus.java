package org.spoc.problem.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of it-tickets-10k.csv ({@code text,category}), split by row number into a tuning part
 * (even rows) and a held-out part (odd rows), so settings tuned on one are reported on the other.
 */
public record TicketCorpus(List<Row> rows) {

    public static final Path DEFAULT = Path.of("/work/shared/data/it-tickets-10k.csv");

    public record Row(String text, String category) {
    }

    public enum Part { TUNING, HELD_OUT }

    public static TicketCorpus load(Path csv, Part part) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if ((i % 2 == 0) != (part == Part.TUNING)) {
                continue;
            }
            String line = lines.get(i);
            int comma = line.lastIndexOf(',');
            if (comma <= 0) {
                continue;
            }
            String text = line.substring(0, comma);
            if (text.startsWith("\"") && text.endsWith("\"") && text.length() >= 2) {
                text = text.substring(1, text.length() - 1).replace("\"\"", "\"");
            }
            rows.add(new Row(text.strip(), line.substring(comma + 1).strip()));
        }
        return new TicketCorpus(List.copyOf(rows));
    }

    /** Locates the corpus: {@code -Dspoc.tickets.csv}, the shared data folder, or up from the working directory. */
    public static Path locate() {
        String configured = System.getProperty("spoc.tickets.csv");
        if (configured != null) {
            return Path.of(configured);
        }
        if (Files.exists(DEFAULT)) {
            return DEFAULT;
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("../shared/data/it-tickets-10k.csv").normalize();
            if (Files.exists(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        return DEFAULT;
    }
}
