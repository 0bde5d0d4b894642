package org.spoc.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The store commands a service sent, read from the MongoDB driver's command metric in its Prometheus
 * text ({@code mongodb_driver_commands_seconds_count{collection="tickets",command="find",...} 12.0}), by
 * {@code "command collection"}.
 */
final class StoreCommands {

    private static final String METRIC = "mongodb_driver_commands_seconds_count{";
    private static final Pattern COMMAND = Pattern.compile("[{,]command=\"([^\"]*)\"");
    private static final Pattern COLLECTION = Pattern.compile("[{,]collection=\"([^\"]*)\"");

    private StoreCommands() {
    }

    /** Every command and collection's count in {@code prometheus} (successes and failures together). */
    static Map<String, Double> parse(String prometheus) {
        Map<String, Double> counts = new LinkedHashMap<>();
        for (String line : prometheus.split("\n")) {
            if (!line.startsWith(METRIC)) {
                continue;
            }
            int end = line.lastIndexOf('}');
            String labels = line.substring(METRIC.length() - 1, end + 1);
            Matcher command = COMMAND.matcher(labels);
            Matcher collection = COLLECTION.matcher(labels);
            String key = (command.find() ? command.group(1) : "?") + " " + (collection.find() ? collection.group(1) : "?");
            counts.merge(key, Double.parseDouble(line.substring(end + 1).strip()), Double::sum);
        }
        return counts;
    }

    /** What each service sent between {@code before} and {@code after}, per ticket; services read both times only. */
    static Map<String, Map<String, Double>> perTicket(Map<String, Map<String, Double>> before,
            Map<String, Map<String, Double>> after, long tickets) {
        Map<String, Map<String, Double>> per = new LinkedHashMap<>();
        after.forEach((service, counts) -> {
            Map<String, Double> start = before.get(service);
            if (start == null) {
                return;
            }
            Map<String, Double> delta = new LinkedHashMap<>();
            counts.forEach((key, count) -> {
                double sent = count - start.getOrDefault(key, 0.0);
                if (sent > 0) {
                    delta.put(key, sent / tickets);
                }
            });
            per.put(service, delta);
        });
        return per;
    }
}
