package org.spoc.problem.eval;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.jspecify.annotations.Nullable;
import org.spoc.events.ticket.Level;
import org.spoc.events.ticket.Priority;
import org.spoc.problem.domain.detection.IncidentSignal;

/**
 * Realistic incident streams with ground truth. Background: tickets of the corpus (category and
 * keyword-stream text, wrapped in simple templates) arriving by office hours over weeks from a
 * population of requesters on floors, buildings, a second site and at home; a background service/CI
 * is drawn per category (so "printing" and "vpn" incidents happen all the time). Injected bursts:
 * printers failing on one floor, a VPN outage, mail sync failing after an update, one application
 * down, each several times, with miscategorised and location-less reports and corpus noise mixed into
 * their texts. Slow drifts: similar complaints trickling in over weeks, their wording changing and
 * their rate slowly rising, which must NOT become problems. Two phrasing sets (tuning and held-out)
 * keep the burst wording used for tuning out of the report.
 */
public final class IncidentStreamGenerator {

    /** Size and shape of a stream. */
    public record Shape(int days, int backgroundPerWorkday, int burstsPerScenario, int drifts) {

        public static Shape standard() {
            return new Shape(28, 60, 4, 3);
        }
    }

    private static final Instant START = Instant.parse("2026-03-02T00:00:00Z"); // a Monday

    private static final String[] BUILDINGS = { "Building A", "Building B", "Building C", "Building D" };

    private static final String[] APPS = { "sap", "workday", "jira", "salesforce", "concur", "servicenow-hr" };

    private static final String[] GREETINGS = { "", "hello ", "hi team ", "dear support ", "good morning " };

    private static final String[] SIGN_OFFS = { "", " thanks", " thank you", " kind regards", " best regards",
            " please help asap", " thanks in advance" };

    private static final String[] TEMPLATES = { "%s", "reported via portal: %s", "%s sent from my phone",
            "user called the desk: %s", "%s (forwarded by assistant)" };

    // burst phrasings: index 0 of each pair of lists is the tuning set, index 1 the held-out set
    private static final String[][][] PRINTER = {
            { { "printer on floor %f not printing", "print jobs stuck in the printer queue on %f",
                    "cannot print to %p", "%p shows offline", "printing fails with spooler error on %f",
                    "printer %p paper jam error will not clear", "nothing comes out of the printer near the kitchen" } },
            { { "unable to print on %f since this morning", "%p printer is offline again",
                    "documents sent to printer %p never print", "print queue for %p is stuck",
                    "printer error on %f printer says offline", "floor %f printer not working cannot print",
                    "print job failed %p not responding" } } };
    private static final String[][][] VPN = {
            { { "vpn not connecting from home", "cannot connect to vpn connection times out",
                    "globalprotect vpn fails to connect", "remote access vpn down authentication failed",
                    "vpn disconnects every minute cannot work remotely", "vpn gateway not reachable" } },
            { { "unable to connect to company vpn", "vpn connection failed error gateway timeout",
                    "vpn keeps dropping working from home impossible", "cannot log in to vpn authentication error",
                    "globalprotect says vpn gateway unavailable", "no vpn access since an hour" } } };
    private static final String[][][] MAIL = {
            { { "outlook not syncing after update", "emails not arriving in outlook since the update",
                    "outlook stuck on updating inbox after update", "mailbox sync error after last night update",
                    "mail not syncing on phone after update", "outlook shows disconnected after update" } },
            { { "outlook inbox not updating after the update", "new emails not syncing to outlook",
                    "outlook sync failed after updating office", "mail sync broken since the update",
                    "outlook says trying to connect no new mail", "emails stuck outlook not synchronising" } } };
    private static final String[][][] APP = {
            { { "%a is down", "cannot log in to %a error 503", "%a page not loading", "%a not responding timeout",
                    "%a shows service unavailable", "unable to open %a application down" } },
            { { "%a unavailable since a few minutes", "%a login fails with server error", "%a not loading at all",
                    "error 503 when opening %a", "%a application is down cannot work", "%a keeps timing out" } } };

    // drifts: complaint streams whose vocabulary moves along the list as weeks go by
    private static final String[][] DRIFTS = {
            { "file share slow", "shared drive slow opening files", "shared drive very slow saving",
                    "network drive saving takes minutes", "network drive disconnects sometimes",
                    "mapped drive disconnects after sleep", "mapped drive missing after restart" },
            { "laptop battery drains fast", "battery drains quickly when on teams calls",
                    "laptop gets hot on calls battery low", "laptop fan loud and hot", "laptop overheating shuts down",
                    "laptop shuts down randomly" },
            { "password expires soon reminder", "password expiry message keeps appearing",
                    "password change prompt at login", "forced password change fails", "password change not accepted",
                    "account locked after password change" } };
    private static final String[][] DRIFT_SCOPE = { { "Storage", "file-share" }, { "Hardware", "laptop" },
            { "Access", "active-directory" } };

    private final TicketCorpus corpus;
    private final Random random;
    private final int phrasing;
    private final List<Person> people = new ArrayList<>();
    private int sequence;

    private record Person(String name, String location) {
    }

    /**
     * @param phrasing 0 for the tuning phrasings of bursts, 1 for the held-out ones
     */
    public IncidentStreamGenerator(TicketCorpus corpus, long seed, int phrasing) {
        this.corpus = corpus;
        this.random = new Random(seed);
        this.phrasing = phrasing;
        for (int i = 0; i < 600; i++) {
            people.add(new Person("user%03d".formatted(i), homeLocation()));
        }
    }

    public List<GeneratedIncident> generate(Shape shape) {
        List<GeneratedIncident> stream = new ArrayList<>();
        background(shape, stream);
        // bursts of one scenario are days apart: the same outage twice in an afternoon is one problem
        int slot = shape.days() / Math.max(1, shape.burstsPerScenario());
        for (int n = 0; n < shape.burstsPerScenario(); n++) {
            printerBurst(n, burstStart(n * slot, slot), stream);
            vpnOutage(n, burstStart(n * slot, slot), stream);
            mailSync(n, burstStart(n * slot, slot), stream);
            appDown(n, burstStart(n * slot, slot), stream);
        }
        for (int d = 0; d < shape.drifts(); d++) {
            drift(d % DRIFTS.length, "drift-" + d, shape, stream);
        }
        stream.sort(Comparator.comparing(g -> g.signal().openedAt()));
        return stream;
    }

    private void background(Shape shape, List<GeneratedIncident> out) {
        Instant end = START.plus(Duration.ofDays(shape.days()));
        Instant t = START;
        double perHourPeak = shape.backgroundPerWorkday() / 9.0 * 1.1;
        while (t.isBefore(end)) {
            double rate = perHourPeak * activity(t); // thinning of a Poisson process
            t = t.plusSeconds((long) (-Math.log(1 - random.nextDouble()) * 3600 / perHourPeak));
            if (random.nextDouble() > rate / perHourPeak || !t.isBefore(end)) {
                continue;
            }
            TicketCorpus.Row row = corpus.rows().get(random.nextInt(corpus.rows().size()));
            Person p = person();
            String[] words = row.text().split(" ");
            String title = String.join(" ", java.util.Arrays.copyOfRange(words, 0, Math.min(words.length,
                    4 + random.nextInt(5))));
            String description = wrap(row.text());
            Level impact = random.nextDouble() < 0.05 ? Level.HIGH : random.nextDouble() < 0.5 ? Level.MEDIUM : Level.LOW;
            Level urgency = random.nextDouble() < 0.08 ? Level.HIGH : random.nextDouble() < 0.5 ? Level.MEDIUM : Level.LOW;
            out.add(new GeneratedIncident(signal(p, title, description, row.category(),
                    backgroundService(row.category()), p.location(), impact, urgency, t), null, null, false));
        }
    }

    private void printerBurst(int n, Instant start, List<GeneratedIncident> out) {
        String building = BUILDINGS[random.nextInt(BUILDINGS.length)];
        int floor = 1 + random.nextInt(6);
        String location = "Berlin HQ / " + building + " / Floor " + floor;
        String printer = "PRN-" + building.charAt(building.length() - 1) + floor + "-0" + (1 + random.nextInt(3));
        String id = "printers-" + n;
        int size = 4 + random.nextInt(5);
        Duration span = Duration.ofMinutes(20 + random.nextInt(70));
        for (int i = 0; i < size; i++) {
            String phrase = pick(PRINTER[phrasing][0]).replace("%f", "floor " + floor).replace("%p", printer);
            Person p = person();
            String loc = random.nextDouble() < 0.15 ? null : location;
            String category = random.nextDouble() < 0.1 ? "Miscellaneous" : "Hardware";
            String service = random.nextDouble() < 0.7 ? "printing" : null;
            out.add(burstIncident(p, phrase, category, service, loc, Level.MEDIUM, Level.MEDIUM,
                    within(start, span), id, false));
        }
    }

    private void vpnOutage(int n, Instant start, List<GeneratedIncident> out) {
        String id = "vpn-" + n;
        int size = 8 + random.nextInt(13);
        Duration span = Duration.ofMinutes(15 + random.nextInt(45));
        for (int i = 0; i < size; i++) {
            Person p = person();
            String location = random.nextDouble() < 0.6 ? "Remote" : p.location();
            String category = random.nextDouble() < 0.85 ? "Access" : "Miscellaneous";
            String service = random.nextDouble() < 0.7 ? "vpn" : null;
            Level impact = random.nextDouble() < 0.3 ? Level.HIGH : Level.MEDIUM;
            out.add(burstIncident(p, pick(VPN[phrasing][0]), category, service, location, impact, Level.HIGH,
                    within(start, span), id, true));
        }
    }

    private void mailSync(int n, Instant start, List<GeneratedIncident> out) {
        String id = "mail-" + n;
        int size = 5 + random.nextInt(8);
        Duration span = Duration.ofMinutes(60 + random.nextInt(180));
        for (int i = 0; i < size; i++) {
            Person p = person();
            String category = random.nextDouble() < 0.85 ? "Miscellaneous" : "Hardware";
            String service = random.nextDouble() < 0.6 ? "mail" : null;
            out.add(burstIncident(p, pick(MAIL[phrasing][0]), category, service, p.location(), Level.MEDIUM,
                    Level.MEDIUM, within(start, span), id, false));
        }
    }

    private void appDown(int n, Instant start, List<GeneratedIncident> out) {
        String app = APPS[(n + phrasing * 3) % APPS.length];
        String id = "app-" + app + "-" + n;
        int size = 6 + random.nextInt(10);
        Duration span = Duration.ofMinutes(10 + random.nextInt(35));
        for (int i = 0; i < size; i++) {
            Person p = person();
            String category = random.nextDouble() < 0.85 ? "Access" : "Internal Project";
            String service = random.nextDouble() < 0.8 ? app : null;
            Level impact = random.nextDouble() < 0.2 ? Level.HIGH : Level.MEDIUM;
            out.add(burstIncident(p, pick(APP[phrasing][0]).replace("%a", app), category, service, p.location(),
                    impact, Level.HIGH, within(start, span), id, size >= 8));
        }
    }

    private void drift(int which, String id, Shape shape, List<GeneratedIncident> out) {
        String[] phrases = DRIFTS[which];
        Instant end = START.plus(Duration.ofDays(shape.days()));
        Instant t = START.plus(Duration.ofHours(random.nextInt(48)));
        while (t.isBefore(end)) {
            double progress = (double) Duration.between(START, t).toMillis() / Duration.between(START, end).toMillis();
            // from one every other workday to about two a workday: slow, and slowly rising
            double perWorkday = 0.5 + 1.5 * progress;
            t = t.plusSeconds((long) (-Math.log(1 - random.nextDouble()) * 9 * 3600 / perWorkday));
            while (activity(t) < 1.0 && t.isBefore(end)) {
                t = t.plus(Duration.ofHours(1)); // the clock of a complaint that only office hours produce
            }
            if (!t.isBefore(end)) {
                break;
            }
            // the wording moves along the phrases, mixing neighbours: "file share slow" becomes "mapped drive missing"
            double position = progress * (phrases.length - 1) + random.nextGaussian() * 0.5;
            int at = (int) Math.max(0, Math.min(phrases.length - 1, Math.round(position)));
            String phrase = phrases[at];
            if (random.nextDouble() < 0.4) {
                int next = Math.max(0, Math.min(phrases.length - 1, at + (random.nextBoolean() ? 1 : -1)));
                String[] words = phrases[next].split(" ");
                phrase = phrase + " " + words[random.nextInt(words.length)];
            }
            Person p = person();
            out.add(new GeneratedIncident(signal(p, phrase, wrap(phrase + " " + noise(6)), DRIFT_SCOPE[which][0],
                    random.nextDouble() < 0.6 ? DRIFT_SCOPE[which][1] : null, p.location(), Level.LOW, Level.MEDIUM, t),
                    null, id, false));
        }
    }

    private GeneratedIncident burstIncident(Person p, String phrase, String category, @Nullable String service,
            @Nullable String location, Level impact, Level urgency, Instant at, String burst, boolean major) {
        String title = phrase;
        String description = wrap(phrase + (random.nextDouble() < 0.5 ? " " + noise(8) : ""));
        return new GeneratedIncident(signal(p, title, description, category, service, location, impact, urgency, at),
                burst, null, major);
    }

    private IncidentSignal signal(Person p, String title, String description, String category,
            @Nullable String service, @Nullable String location, Level impact, Level urgency, Instant at) {
        int n = ++sequence;
        return new IncidentSignal("t-" + n, "INC%07d".formatted(n), p.name(), title, description, category, service,
                location, priority(impact, urgency), impact, false, 1, at);
    }

    static Priority priority(Level impact, Level urgency) {
        int sum = impact.ordinal() + urgency.ordinal(); // HIGH=0
        return Priority.values()[Math.min(4, sum)];
    }

    private String wrap(String text) {
        return pick(TEMPLATES).formatted(pick(GREETINGS) + text + pick(SIGN_OFFS));
    }

    /** A few words of a random corpus ticket: the chatter real reports carry around their symptom. */
    private String noise(int max) {
        String[] words = corpus.rows().get(random.nextInt(corpus.rows().size())).text().split(" ");
        int n = Math.min(words.length, random.nextInt(max + 1));
        int from = words.length > n ? random.nextInt(words.length - n) : 0;
        return String.join(" ", java.util.Arrays.copyOfRange(words, from, from + n));
    }

    private @Nullable String backgroundService(String category) {
        String[] options = switch (category) {
            case "Hardware" -> new String[] { "laptop", "printing", "monitor", "docking-station" };
            case "Access" -> new String[] { "vpn", "active-directory", "sap", "sharepoint", "jira" };
            case "Storage" -> new String[] { "file-share", "onedrive" };
            case "Miscellaneous" -> new String[] { "mail", "teams" };
            case "HR Support" -> new String[] { "workday" };
            case "Internal Project" -> new String[] { "jira" };
            default -> new String[0];
        };
        return options.length == 0 || random.nextDouble() < 0.5 ? null : options[random.nextInt(options.length)];
    }

    private Instant burstStart(int fromDay, int days) {
        while (true) {
            Instant t = START.plus(Duration.ofDays(fromDay))
                    .plus(Duration.ofMinutes(random.nextInt(Math.max(1, days - 1) * 24 * 60)));
            if (activity(t) >= 1.0) {
                return t;
            }
        }
    }

    private Instant within(Instant start, Duration span) {
        // front-loaded: most reports come soon after the fault appears
        double f = Math.pow(random.nextDouble(), 1.5);
        return start.plusMillis((long) (f * span.toMillis()));
    }

    /** Share of peak ticket arrival at this hour: office hours on workdays, little at night and weekends. */
    private static double activity(Instant t) {
        ZonedDateTime z = t.atZone(ZoneOffset.UTC);
        boolean weekend = z.getDayOfWeek() == DayOfWeek.SATURDAY || z.getDayOfWeek() == DayOfWeek.SUNDAY;
        int h = z.getHour();
        double day = h >= 8 && h < 17 ? 1.0 : h >= 7 && h < 19 ? 0.4 : 0.05;
        return weekend ? day * 0.1 : day;
    }

    private Person person() {
        return people.get(random.nextInt(people.size()));
    }

    private String homeLocation() {
        double r = random.nextDouble();
        if (r < 0.15) {
            return "Remote";
        }
        if (r < 0.3) {
            return "Hamburg Office / Floor " + (1 + random.nextInt(3));
        }
        return "Berlin HQ / " + BUILDINGS[random.nextInt(BUILDINGS.length)] + " / Floor " + (1 + random.nextInt(6));
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }
}
