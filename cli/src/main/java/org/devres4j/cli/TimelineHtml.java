package org.devres4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.devres4j.sim.Report;
import org.devres4j.sim.RunResult;

/**
 * Renders a scenario run as one self-contained HTML page (the {@code --html FILE} option of {@code run}
 * and {@code trace}): a header with the scenario, seed and outcome; one table row per event, in order,
 * coloured by the kind of owner it concerns; one lane per owner showing how many of its resources are
 * alive after each event; and every sanitizer report as a highlighted box right after the event that
 * raised it.
 *
 * <p>The run result carries its events as text lines only, so the owner of an event and the owner's
 * kind (a {@code Device} with a devres list, a {@code DrmDevice} with a drmm list, a userspace process)
 * are derived from the fixed verbs of the lines: e.g. {@code ALLOC}, {@code REGISTER} and
 * {@code PUBLISH} name a DRM device, {@code DEVICE-ADD}, {@code PLUG} and {@code BIND} a device,
 * {@code SPAWN}, {@code IOCTL} and {@code CLOSE p f -> r} a process. Hardware rows are plugs,
 * surprise removals, IRQs, mapping touches, register ioctls and faults that name MMIO.
 *
 * <p>The page is well-formed XML (XHTML syntax with an HTML5 doctype): every text is escaped by
 * {@link #escape(String)}, and the inline style and script contain no {@code <} or {@code &}.
 *
 * <p><b>Lifetime:</b> stateless. <b>Order:</b> events in the order of {@link RunResult#events()};
 * reports after the event that raised them. <b>Concurrency:</b> pure functions, any thread.
 */
final class TimelineHtml {

    /** The colour classes of rows and lanes. */
    enum Kind {
        DEVRES("dev", "devres list of a Device (and the device's bind/unbind)"),
        DRMM("drm", "drmm list of a DrmDevice (and its register/publish/release)"),
        OTHER("oth", "another resource list"),
        USER("usr", "userspace process"),
        HARDWARE("hw", "hardware: plug, surprise removal, IRQ, MMIO access"),
        SANITIZER("san", "sanitizer finding"),
        WORLD("wld", "world and runner");

        final String css;
        final String label;

        Kind(String css, String label) {
            this.css = css;
            this.label = label;
        }
    }

    /**
     * One event line, split into its parts.
     *
     * @param step      the step that caused it
     * @param stepStart whether the line starts a step (then {@code name} is the script text)
     * @param verb      the fixed verb, e.g. {@code ADD}
     * @param owner     the owner the event concerns, or empty
     * @param order     the registration number of a list event, or 0
     * @param name      what the event is about
     * @param detail    the rest, or empty
     * @param raw       the line as logged
     */
    record Event(int step, boolean stepStart, String verb, String owner, int order, String name, String detail,
                 String raw) {
    }

    private static final Pattern LINE = Pattern.compile("(?s)\\s*(-?\\d+)(  > |    )(.*)");
    private static final Pattern LIST_EVENT = Pattern.compile("(?s)(ADD|REL|DEL|FAIL)\\s+(.+?) #(\\d+) (.*)");
    private static final Set<String> LIST_VERBS = Set.of("ADD", "REL", "DEL", "FAIL");
    private static final Set<String> DRM_VERBS = Set.of("ALLOC", "REGISTER", "UNREGISTER", "RELEASE", "FREE",
            "PUBLISH", "WITHDRAW", "ZAP", "DRIVER-RELEASE");
    private static final Set<String> DEVICE_VERBS = Set.of("PLUG", "DEVICE-ADD", "DEVICE-DEL", "DEVICE-FREE", "BIND",
            "UNBIND", "PROBE", "PROBE-FAIL", "VIRTUAL", "LEAK", "IRQ");
    private static final Set<String> PROCESS_VERBS = Set.of("SPAWN", "EXIT", "IOCTL", "MMAP", "TOUCH", "SCHED");
    private static final Set<String> OWNERLESS = Set.of("WORLD", "LOAD", "UNLOAD", "EXPECT", "LEAK-CHECK", "FAULT",
            "KERNEL", "SCENARIO ERROR", "INVARIANT", "BRIDGE", "SANITIZER", "FUZZ");

    private TimelineHtml() {
    }

    /**
     * Writes the page of a run.
     *
     * @param result the run
     * @param file   where to write it (replaced if it exists)
     * @throws IOException if it cannot be written
     */
    static void write(RunResult result, Path file) throws IOException {
        Files.writeString(file, render(result), StandardCharsets.UTF_8);
    }

    /**
     * Writes the page for a command's {@code --html FILE} option and says where it went on the error
     * stream (standard output stays the command's own: text, trace or JSON).
     *
     * @param result the run
     * @param file   the file, or null if the option was not given
     * @param err    where to say what happened
     * @return whether the page was written (or none was asked for); false means exit code 2
     */
    static boolean writeIfAsked(RunResult result, Path file, java.io.PrintWriter err) {
        if (file == null) {
            return true;
        }
        try {
            write(result, file);
            err.println("devres4j: wrote the HTML timeline of " + result.scenario() + " to " + file);
            return true;
        } catch (IOException | RuntimeException e) {
            err.println("devres4j: cannot write the HTML timeline to '" + file + "': " + e);
            return false;
        } finally {
            err.flush();
        }
    }

    /**
     * @param s any text, may be null
     * @return it safe inside an element or a quoted attribute: {@code & < > " '} as references, control
     *         characters other than tab, newline and carriage return (not allowed in XML) as U+FFFD
     */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? '\uFFFD' : c);
            }
        }
        return sb.toString();
    }

    /**
     * Splits one line of the event log.
     *
     * @param line a line as {@link RunResult#events()} has it
     * @return its parts; a line of an unknown shape becomes a world event with the whole text as name
     */
    static Event parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            return new Event(0, false, "?", "", 0, line, "", line);
        }
        int step = Integer.parseInt(m.group(1));
        String text = m.group(3);
        if (m.group(2).contains(">")) {
            String[] nd = splitDetail(text);
            return new Event(step, true, "STEP", "", 0, nd[0], nd[1], line);
        }
        return parseEvent(step, text, line);
    }

    private static Event parseEvent(int step, String text, String raw) {
        Matcher list = LIST_EVENT.matcher(text);
        if (list.matches()) {
            String[] nd = splitDetail(list.group(4));
            return new Event(step, false, list.group(1), list.group(2), Integer.parseInt(list.group(3)), nd[0],
                    nd[1], raw);
        }
        String verb = firstWord(text);
        if (verb.equals("SCENARIO") && text.startsWith("SCENARIO ERROR")) {
            verb = "SCENARIO ERROR";
        }
        String rest = text.substring(verb.length()).strip();
        if (verb.equals("SANITIZER")) {
            int dash = rest.indexOf(" \u2014 ");
            return dash < 0 ? new Event(step, false, verb, "", 0, rest, "", raw)
                    : new Event(step, false, verb, "", 0, rest.substring(0, dash), rest.substring(dash + 3), raw);
        }
        if (OWNERLESS.contains(verb)) {
            return new Event(step, false, verb, "", 0, rest, "", raw);
        }
        if (verb.equals("NS")) {
            String[] nd = splitDetail(rest);
            return new Event(step, false, verb, nd[1], 0, nd[0], "", raw);
        }
        if (verb.equals("UEVENT")) {
            int arrow = rest.indexOf(" -> ");
            if (arrow >= 0) {
                String after = rest.substring(arrow + 4);
                String who = firstWord(after);
                return new Event(step, false, verb, who, 0, rest.substring(0, arrow),
                        after.substring(who.length()).strip(), raw);
            }
        }
        String owner = firstWord(rest);
        String[] nd = splitDetail(rest.substring(owner.length()).strip());
        return new Event(step, false, verb, owner, 0, nd[0], nd[1], raw);
    }

    private static String firstWord(String s) {
        int i = 0;
        while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return s.substring(0, i);
    }

    /** @return {name, detail}: the detail is what follows " -> ", else a trailing balanced "(...)" */
    private static String[] splitDetail(String s) {
        int arrow = s.indexOf(" -> ");
        if (arrow >= 0) {
            return new String[] {s.substring(0, arrow), "\u2192 " + s.substring(arrow + 4)};
        }
        String t = s.stripTrailing();
        if (t.endsWith(")")) {
            int depth = 0;
            for (int i = t.length() - 1; i >= 0; i--) {
                char c = t.charAt(i);
                if (c == ')') {
                    depth++;
                } else if (c == '(' && --depth == 0) {
                    if (i > 0 && t.charAt(i - 1) == ' ') {
                        return new String[] {t.substring(0, i - 1), t.substring(i + 1, t.length() - 1)};
                    }
                    break;
                }
            }
        }
        return new String[] {s, ""};
    }

    /**
     * Derives each owner's kind from the verbs of the events that name it: DRM evidence wins over
     * device evidence (a DRM device is also "unplugged").
     *
     * @param events the parsed events
     * @return owner to kind ({@code DRMM}, {@code DEVRES}, {@code USER}, or {@code OTHER} for a list
     *         owner of no known kind), in order of first appearance
     */
    static Map<String, Kind> ownerKinds(List<Event> events) {
        Map<String, Kind> kinds = new HashMap<>();
        for (Event e : events) {
            Kind k = evidence(e);
            if (k != null && !e.owner().isEmpty() && (kinds.get(e.owner()) != Kind.DRMM)) {
                kinds.put(e.owner(), k);
            }
        }
        Map<String, Kind> ordered = new LinkedHashMap<>();
        for (Event e : events) {
            if (!e.owner().isEmpty() && !ordered.containsKey(e.owner())) {
                Kind k = kinds.get(e.owner());
                if (k == null && LIST_VERBS.contains(e.verb())) {
                    k = Kind.OTHER;
                }
                if (k != null) {
                    ordered.put(e.owner(), k);
                }
            }
        }
        return ordered;
    }

    private static Kind evidence(Event e) {
        String v = e.verb();
        boolean arrow = e.detail().startsWith("\u2192");
        if (DRM_VERBS.contains(v) || v.equals("NS") || ((v.equals("OPEN") || v.equals("CLOSE")) && !arrow)) {
            return Kind.DRMM;
        }
        if (DEVICE_VERBS.contains(v)) {
            return Kind.DEVRES;
        }
        if (PROCESS_VERBS.contains(v) || v.equals("UEVENT") || v.equals("OPEN") || v.equals("CLOSE")) {
            return Kind.USER;
        }
        return null;
    }

    /**
     * @param e      an event
     * @param owners the owner kinds
     * @return the colour of its row
     */
    static Kind rowKind(Event e, Map<String, Kind> owners) {
        String v = e.verb();
        if (v.equals("SANITIZER")) {
            return Kind.SANITIZER;
        }
        if (v.equals("PLUG") || v.equals("IRQ") || v.equals("TOUCH")
                || (v.equals("UNPLUG") && owners.get(e.owner()) != Kind.DRMM)
                || (v.equals("IOCTL") && e.name().endsWith("-reg"))
                || (v.equals("FAULT") && e.name().contains("MMIO"))) {
            return Kind.HARDWARE;
        }
        Kind k = owners.get(e.owner());
        return k == null ? Kind.WORLD : k;
    }

    /**
     * @param result a run
     * @return the page
     */
    static String render(RunResult result) {
        List<Event> events = new ArrayList<>();
        for (String line : result.events()) {
            events.add(parse(line));
        }
        Map<String, Kind> owners = ownerKinds(events);
        List<String> lanes = new ArrayList<>(owners.keySet());
        StringBuilder h = new StringBuilder(64 * 1024);
        head(h, result);
        header(h, result);
        legend(h);
        summary(h, events, owners);
        timeline(h, result, events, owners, lanes);
        h.append("<p class=\"note\">Owner kinds and row colours are derived from the fixed verbs of the event "
                + "log (the run result has no typed events). Generated by devres4j.</p>\n");
        h.append(SCRIPT);
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static void head(StringBuilder h, RunResult r) {
        h.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
                .append("<meta charset=\"utf-8\"/>\n<title>devres4j timeline: ").append(escape(r.scenario()))
                .append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
    }

    private static void header(StringBuilder h, RunResult r) {
        String outcome = r.outcome().name();
        h.append("<div class=\"header\">\n<h1>devres4j timeline: <span class=\"scn\">").append(escape(r.scenario()))
                .append("</span></h1>\n<p class=\"facts\"><span class=\"outcome o-")
                .append(outcome.toLowerCase(Locale.ROOT)).append("\">")
                .append(escape(outcome.toLowerCase(Locale.ROOT).replace('_', ' '))).append("</span>")
                .append(" <span>exit code <b>").append(r.outcome().exitCode()).append("</b></span>")
                .append(" <span>seed <b>").append(r.seed()).append("</b></span>")
                .append(" <span><b>").append(r.stepsRun()).append("</b> steps</span>")
                .append(" <span><b>").append(r.events().size()).append("</b> events</span>")
                .append(" <span><b>").append(r.reports().size()).append("</b> sanitizer report")
                .append(r.reports().size() == 1 ? "" : "s").append("</span></p>\n");
        for (String f : r.failedExpectations()) {
            h.append("<p class=\"problem\">expectation failed: ").append(escape(f)).append("</p>\n");
        }
        if (r.error() != null) {
            h.append("<p class=\"problem\">scenario error: ").append(escape(r.error())).append("</p>\n");
        }
        h.append("</div>\n");
    }

    private static void legend(StringBuilder h) {
        h.append("<div class=\"legend\">\n<span class=\"lt\">Show:</span>\n");
        for (Kind k : Kind.values()) {
            h.append("<label class=\"chip k-").append(k.css).append("\"><input type=\"checkbox\" checked=\"checked\""
                    + " data-kind=\"").append(k.css).append("\"/> ").append(escape(k.label)).append("</label>\n");
        }
        h.append("<span class=\"lt\">Lanes: <b>+</b> added, <b>&#8722;</b> released, <b>&#215;</b> dropped without "
                + "running, <b>!</b> release failed, <b>&#8226;</b> other event; the number is how many of the "
                + "owner's resources are alive; a shaded lane means alive.</span>\n</div>\n");
    }

    /** Per owner: its kind, when its first resource was added, its last released, and what is left. */
    private static void summary(StringBuilder h, List<Event> events, Map<String, Kind> owners) {
        if (owners.isEmpty()) {
            return;
        }
        h.append("<h2>Owners</h2>\n<table class=\"owners\">\n<thead><tr><th>owner</th><th>kind</th>"
                + "<th>added</th><th>released</th><th>dropped</th><th>first add</th><th>last release</th>"
                + "<th>alive at end</th></tr></thead>\n<tbody>\n");
        for (Map.Entry<String, Kind> o : owners.entrySet()) {
            int added = 0;
            int released = 0;
            int dropped = 0;
            String first = "";
            String last = "";
            for (Event e : events) {
                if (!e.owner().equals(o.getKey())) {
                    continue;
                }
                switch (e.verb()) {
                    case "ADD" -> {
                        added++;
                        first = first.isEmpty() ? "step " + e.step() : first;
                    }
                    case "REL" -> {
                        released++;
                        last = "step " + e.step();
                    }
                    case "DEL" -> {
                        dropped++;
                        last = "step " + e.step();
                    }
                    default -> {
                    }
                }
            }
            int alive = added - released - dropped;
            h.append("<tr class=\"k-").append(o.getValue().css).append("\"><td class=\"own\">")
                    .append(escape(o.getKey())).append("</td><td>").append(escape(ownerKindName(o.getValue())))
                    .append("</td><td>").append(added).append("</td><td>").append(released).append("</td><td>")
                    .append(dropped).append("</td><td>").append(first).append("</td><td>").append(last)
                    .append("</td><td").append(alive > 0 ? " class=\"left\"" : "").append('>').append(alive)
                    .append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    private static String ownerKindName(Kind k) {
        return switch (k) {
            case DEVRES -> "Device (devres)";
            case DRMM -> "DrmDevice (drmm)";
            case USER -> "process";
            default -> "resource list";
        };
    }

    private static void timeline(StringBuilder h, RunResult r, List<Event> events, Map<String, Kind> owners,
                                 List<String> lanes) {
        int columns = 6 + lanes.size();
        h.append("<h2>Timeline</h2>\n<table class=\"timeline\">\n<thead><tr><th class=\"num\">step</th>");
        for (String lane : lanes) {
            h.append("<th class=\"lane k-").append(owners.get(lane).css).append("\" title=\"")
                    .append(escape(lane + ": " + ownerKindName(owners.get(lane)))).append("\">")
                    .append(escape(lane)).append("</th>");
        }
        h.append("<th>verb</th><th>owner</th><th>#</th><th>name</th><th>detail</th></tr></thead>\n<tbody>\n");
        Map<String, Integer> alive = new HashMap<>();
        Map<String, Boolean> running = new HashMap<>();
        List<Report> pending = new ArrayList<>(r.reports());
        for (Event e : events) {
            if (e.stepStart()) {
                h.append("<tr class=\"step\" title=\"").append(escape(e.raw())).append("\"><td class=\"num\">")
                        .append(e.step()).append("</td><td colspan=\"").append(columns - 1).append("\">")
                        .append("<span class=\"script\">").append(escape(e.name())).append("</span>")
                        .append(e.detail().isEmpty() ? "" : " <span class=\"where\">" + escape(e.detail()) + "</span>")
                        .append("</td></tr>\n");
                continue;
            }
            track(e, owners, alive, running);
            Kind kind = rowKind(e, owners);
            h.append("<tr class=\"ev k-").append(kind.css).append("\" title=\"").append(escape(e.raw()))
                    .append("\"><td class=\"num\">").append(e.step()).append("</td>");
            for (String lane : lanes) {
                laneCell(h, e, lane, owners.get(lane), alive, running);
            }
            h.append("<td class=\"verb\">").append(escape(e.verb())).append("</td><td class=\"own\">")
                    .append(escape(e.owner())).append("</td><td class=\"ord\">")
                    .append(e.order() > 0 ? String.valueOf(e.order()) : "").append("</td><td class=\"name\">")
                    .append(escape(e.name())).append("</td><td class=\"detail\">").append(escape(e.detail()))
                    .append("</td></tr>\n");
            if (e.verb().equals("SANITIZER") && !pending.isEmpty() && raises(e, pending.get(0))) {
                reportRow(h, pending.remove(0), columns);
            }
        }
        for (Report rep : pending) {
            reportRow(h, rep, columns);
        }
        h.append("</tbody>\n</table>\n");
    }

    private static boolean raises(Event e, Report r) {
        return e.name().equals(r.kind().id() + ": " + r.object());
    }

    private static void track(Event e, Map<String, Kind> owners, Map<String, Integer> alive,
                              Map<String, Boolean> running) {
        switch (e.verb()) {
            case "ADD" -> alive.merge(e.owner(), 1, Integer::sum);
            case "REL", "DEL" -> alive.merge(e.owner(), -1, Integer::sum);
            case "SPAWN" -> running.put(e.owner(), true);
            case "EXIT" -> running.put(e.owner(), false);
            default -> {
            }
        }
    }

    private static void laneCell(StringBuilder h, Event e, String lane, Kind kind, Map<String, Integer> alive,
                                 Map<String, Boolean> running) {
        boolean mine = e.owner().equals(lane);
        int n = alive.getOrDefault(lane, 0);
        boolean live = kind == Kind.USER ? running.getOrDefault(lane, false) : n > 0;
        h.append("<td class=\"lane").append(live ? " on k-" + kind.css : "").append(mine ? " hit" : "").append("\">");
        if (mine) {
            String mark = switch (e.verb()) {
                case "ADD" -> "+";
                case "REL" -> "\u2212";
                case "DEL" -> "\u00d7";
                case "FAIL" -> "!";
                default -> "\u2022";
            };
            h.append("<b>").append(mark).append("</b>");
        }
        if (kind != Kind.USER && (n > 0 || LIST_VERBS.contains(e.verb()) && mine)) {
            h.append("<small>").append(n).append("</small>");
        }
        h.append("</td>");
    }

    private static void reportRow(StringBuilder h, Report r, int columns) {
        h.append("<tr class=\"rep k-san\"><td colspan=\"").append(columns).append("\">\n<div class=\"report\">\n")
                .append("<div class=\"rtitle\">SANITIZER: ").append(escape(r.kind().title()))
                .append(" <span class=\"rkind\">").append(escape(r.kind().id())).append("</span> <span class=\"rwhen\">")
                .append(r.step() > 0 ? "step " + r.step() + (r.line() > 0 ? ", line " + r.line() : "")
                        : "at world shutdown")
                .append("</span></div>\n<dl>\n");
        field(h, "object", r.object());
        field(h, "what", r.detail());
        field(h, "allocated", r.allocated());
        field(h, "released", r.released());
        field(h, "should have", r.shouldHave());
        if (!r.chain().isEmpty()) {
            h.append("<dt>chain</dt><dd><ol class=\"chain\">");
            for (String link : r.chain()) {
                h.append("<li>").append(escape(link)).append("</li>");
            }
            h.append("</ol></dd>\n");
        }
        h.append("</dl>\n</div>\n</td></tr>\n");
    }

    private static void field(StringBuilder h, String label, String value) {
        if (!value.isEmpty()) {
            h.append("<dt>").append(escape(label)).append("</dt><dd>").append(escape(value)).append("</dd>\n");
        }
    }

    private static final String STYLE = """
            body { font: 13px/1.35 system-ui, -apple-system, 'Segoe UI', sans-serif; margin: 16px 20px; color: #1f2328; }
            h1 { font-size: 20px; margin: 0 0 6px; } h2 { font-size: 15px; margin: 18px 0 6px; }
            .scn { font-family: ui-monospace, Menlo, Consolas, monospace; }
            .facts span { margin-right: 14px; }
            .outcome { padding: 2px 8px; border-radius: 10px; color: #fff; font-weight: 600; }
            .o-clean { background: #1a7f37; } .o-reports { background: #cf222e; } .o-scenario_error { background: #bf8700; }
            .problem { color: #9a6700; background: #fff8c5; padding: 4px 8px; border-left: 4px solid #bf8700; }
            .legend { margin: 10px 0; display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
            .legend .lt { color: #57606a; margin-right: 4px; }
            .chip { padding: 2px 8px; border-radius: 4px; border-left: 6px solid; cursor: pointer; }
            table { border-collapse: collapse; }
            th, td { padding: 1px 6px; vertical-align: top; text-align: left; }
            th { background: #f6f8fa; border-bottom: 1px solid #d0d7de; font-weight: 600; }
            .owners td { border-bottom: 1px solid #eaeef2; }
            .owners td.left { color: #cf222e; font-weight: 700; }
            .timeline { width: 100%; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; }
            .timeline thead th { position: sticky; top: 0; z-index: 1; }
            .timeline tr.ev td { border-bottom: 1px solid #eef1f4; }
            .timeline tr.ev:hover td { outline: 1px solid #8c959f; }
            td.num { text-align: right; color: #57606a; width: 2.5em; }
            td.verb { font-weight: 700; white-space: nowrap; } td.own { white-space: nowrap; } td.ord { color: #57606a; }
            td.detail { color: #57606a; white-space: pre-wrap; } td.name { white-space: pre-wrap; }
            th.lane { writing-mode: vertical-rl; transform: rotate(180deg); font-size: 11px; padding: 4px 1px; max-height: 10em; }
            td.lane { width: 2.6em; min-width: 2.6em; text-align: center; border-left: 1px solid #eaeef2; background: #fff; white-space: nowrap; }
            td.lane small { color: #57606a; font-size: 10px; margin-left: 1px; }
            td.lane.hit b { font-size: 13px; }
            tr.step td { background: #24292f; color: #fff; padding: 3px 6px; font-weight: 600; }
            tr.step td.num { color: #fff; }
            tr.step .where { color: #afb8c1; font-weight: 400; }
            .k-dev { border-color: #0969da; } tr.k-dev td { background: #ddf4ff; } td.lane.on.k-dev { background: #b6e3ff; } th.k-dev { background: #b6e3ff; }
            .k-drm { border-color: #8250df; } tr.k-drm td { background: #fbefff; } td.lane.on.k-drm { background: #e6ccff; } th.k-drm { background: #e6ccff; }
            .k-oth { border-color: #1b7c83; } tr.k-oth td { background: #e6fbf9; } td.lane.on.k-oth { background: #b3f0ea; } th.k-oth { background: #b3f0ea; }
            .k-usr { border-color: #1a7f37; } tr.k-usr td { background: #dafbe1; } td.lane.on.k-usr { background: #aceebb; } th.k-usr { background: #aceebb; }
            .k-hw { border-color: #bc4c00; } tr.k-hw td { background: #fff1e5; }
            .k-san { border-color: #cf222e; } tr.k-san td { background: #ffebe9; color: #82071e; }
            .k-wld { border-color: #8c959f; } tr.k-wld td { background: #f6f8fa; }
            tr.ev td.lane { background: #fff; } tr.ev td.lane.on.k-dev { background: #b6e3ff; } tr.ev td.lane.on.k-drm { background: #e6ccff; }
            tr.ev td.lane.on.k-oth { background: #b3f0ea; } tr.ev td.lane.on.k-usr { background: #aceebb; }
            tr.rep td { background: #fff; padding: 6px 0 10px 3em; }
            .report { border: 2px solid #cf222e; border-left-width: 8px; background: #ffebe9; border-radius: 4px; padding: 8px 12px; font-family: system-ui, sans-serif; font-size: 13px; color: #1f2328; }
            .rtitle { font-weight: 700; color: #a40e26; font-size: 14px; margin-bottom: 4px; }
            .rkind { font-family: ui-monospace, monospace; background: #cf222e; color: #fff; padding: 0 6px; border-radius: 3px; font-size: 12px; }
            .rwhen { color: #57606a; font-weight: 400; }
            .report dl { display: grid; grid-template-columns: 8em 1fr; gap: 2px 10px; margin: 0; }
            .report dt { font-weight: 600; color: #57606a; } .report dd { margin: 0; white-space: pre-wrap; }
            ol.chain { margin: 0; padding-left: 1.4em; }
            .note { color: #57606a; font-size: 11px; margin-top: 14px; }
            body.hide-dev tr.ev.k-dev, body.hide-drm tr.ev.k-drm, body.hide-oth tr.ev.k-oth, body.hide-usr tr.ev.k-usr,
            body.hide-hw tr.ev.k-hw, body.hide-san tr.ev.k-san, body.hide-san tr.rep, body.hide-wld tr.ev.k-wld { display: none; }
            """;

    private static final String SCRIPT = """
            <script>
            document.querySelectorAll('input[data-kind]').forEach(function (box) {
              box.addEventListener('change', function () {
                document.body.classList.toggle('hide-' + box.dataset.kind, !box.checked);
              });
            });
            </script>
            """;
}
