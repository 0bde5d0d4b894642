package org.spoc.bench;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on the terminal ({@code \r}-redrawn); when the output is not a terminal, a
 * plain line every few seconds instead, so logs stay readable.
 */
final class Progress {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final long startNanos;
    private long lastPlainLine;
    private boolean dirty;

    Progress(PrintStream out, boolean terminal, long startNanos) {
        this.out = out;
        this.terminal = terminal;
        this.startNanos = startNanos;
    }

    /** A phase's progress: {@code done} of {@code total} seconds, with a short status. */
    synchronized void update(String phase, double done, double total, String status) {
        double fraction = total <= 0 ? 1 : Math.min(1, Math.max(0, done / total));
        int filled = (int) Math.round(fraction * WIDTH);
        String line = String.format(Locale.ROOT, "[%s%s] %3.0f%%  %-34s %s  (total %s)", "#".repeat(filled),
                ".".repeat(WIDTH - filled), fraction * 100, abbreviate(phase, 34), status, clock());
        if (terminal) {
            out.print("\r" + line + "\u001b[K");
            out.flush();
            dirty = true;
        }
        else if (System.nanoTime() - lastPlainLine > 5_000_000_000L) {
            out.println(line);
            lastPlainLine = System.nanoTime();
        }
    }

    /** A line that stays (a phase's result, a message). */
    synchronized void line(String message) {
        if (dirty) {
            out.print("\r\u001b[K");
            dirty = false;
        }
        out.println("[" + clock() + "] " + message);
        out.flush();
    }

    private String clock() {
        long seconds = (System.nanoTime() - startNanos) / 1_000_000_000L;
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
