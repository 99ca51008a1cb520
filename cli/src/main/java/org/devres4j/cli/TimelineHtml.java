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
import org.devres4j.sim.Event;
import org.devres4j.sim.Event.Effect;
import org.devres4j.sim.Event.Owner;
import org.devres4j.sim.Event.OwnerKind;
import org.devres4j.sim.EventText;
import org.devres4j.sim.Report;
import org.devres4j.sim.RunOptions;
import org.devres4j.sim.RunResult;

/**
 * Renders a scenario run as one self-contained HTML page (the {@code --html FILE} option of {@code run}
 * and {@code trace}): a header with the scenario, seed and outcome; one table row per event, in order,
 * coloured by the kind of owner it concerns; one lane per owner showing how many of its resources are
 * alive after each event; and every sanitizer report as a highlighted box right after the event that
 * raised it.
 *
 * <p>Everything comes from the run's typed {@link Event}s: the owner and its kind (a {@code Device}
 * with a devres list, a {@code DrmDevice} with a drmm list, another list, a userspace process, a
 * device's hardware, the world), the resource's number, what the event does to its lifetime
 * ({@link Effect}), and the number of the report a sanitizer event made. Nothing is parsed back from
 * text.
 *
 * <p>The page is well-formed XML (XHTML syntax with an HTML5 doctype): every text is escaped by
 * {@link #escape(String)}, and the inline style and script ({@link TimelineStyle}) contain no
 * {@code <} or {@code &}.
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

        static Kind of(OwnerKind k) {
            return switch (k) {
                case DEVICE -> DEVRES;
                case DRM -> DRMM;
                case LIST -> OTHER;
                case PROCESS -> USER;
                case HARDWARE -> HARDWARE;
                case WORLD -> WORLD;
            };
        }
    }

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
     * @param events a run's events
     * @return the owners that get a lane — devices, DRM devices, other lists, processes — in order of
     *         first appearance
     */
    static List<Owner> lanes(List<Event> events) {
        Map<Owner, Boolean> seen = new LinkedHashMap<>();
        for (Event e : events) {
            OwnerKind k = e.owner().kind();
            if (k != OwnerKind.WORLD && k != OwnerKind.HARDWARE) {
                seen.putIfAbsent(e.owner(), true);
            }
        }
        return new ArrayList<>(seen.keySet());
    }

    /** @return whether the event concerns the lane's owner (a device's hardware counts for the device) */
    static boolean onLane(Event e, Owner lane) {
        return e.owner().equals(lane) || e.owner().kind() == OwnerKind.HARDWARE && lane.kind() == OwnerKind.DEVICE
                && e.owner().name().equals(lane.name());
    }

    /**
     * @param e an event
     * @return the colour of its row
     */
    static Kind rowKind(Event e) {
        return e.verb().equals(Event.SANITIZER) ? Kind.SANITIZER : Kind.of(e.owner().kind());
    }

    /**
     * @param result a run
     * @return the page
     */
    static String render(RunResult result) {
        List<Event> events = result.events();
        List<Owner> lanes = lanes(events);
        StringBuilder h = new StringBuilder(64 * 1024);
        head(h, result);
        header(h, result);
        legend(h);
        summary(h, events, lanes);
        timeline(h, result, lanes);
        h.append("<p class=\"note\">Owner kinds and row colours come from the events' typed owners; lanes count "
                + "each owner's live resources. Generated by devres4j.</p>\n");
        h.append(TimelineStyle.SCRIPT);
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static void head(StringBuilder h, RunResult r) {
        h.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
                .append("<meta charset=\"utf-8\"/>\n<title>devres4j timeline: ").append(escape(r.scenario()))
                .append("</title>\n<style>\n").append(TimelineStyle.STYLE).append("</style>\n</head>\n<body>\n");
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
                .append(" <span><b>").append(r.events().size() + r.eventsDropped()).append("</b> events")
                .append(r.eventsDropped() > 0 ? " (" + r.eventsDropped() + " not kept)" : "").append("</span>")
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
    private static void summary(StringBuilder h, List<Event> events, List<Owner> lanes) {
        if (lanes.isEmpty()) {
            return;
        }
        h.append("<h2>Owners</h2>\n<table class=\"owners\">\n<thead><tr><th>owner</th><th>kind</th>"
                + "<th>added</th><th>released</th><th>dropped</th><th>first add</th><th>last release</th>"
                + "<th>alive at end</th></tr></thead>\n<tbody>\n");
        for (Owner o : lanes) {
            int added = 0;
            int released = 0;
            int dropped = 0;
            String first = "";
            String last = "";
            for (Event e : events) {
                if (!e.owner().equals(o) || e.order() == 0) {
                    continue;
                }
                switch (e.effect()) {
                    case BEGIN -> {
                        added++;
                        first = first.isEmpty() ? "step " + e.step() : first;
                    }
                    case END -> {
                        released++;
                        last = "step " + e.step();
                    }
                    case DROP -> {
                        dropped++;
                        last = "step " + e.step();
                    }
                    default -> {
                    }
                }
            }
            int alive = added - released - dropped;
            Kind k = Kind.of(o.kind());
            h.append("<tr class=\"k-").append(k.css).append("\"><td class=\"own\">")
                    .append(escape(o.name())).append("</td><td>").append(escape(ownerKindName(o.kind())))
                    .append("</td><td>").append(added).append("</td><td>").append(released).append("</td><td>")
                    .append(dropped).append("</td><td>").append(first).append("</td><td>").append(last)
                    .append("</td><td").append(alive > 0 ? " class=\"left\"" : "").append('>').append(alive)
                    .append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    private static String ownerKindName(OwnerKind k) {
        return switch (k) {
            case DEVICE -> "Device (devres)";
            case DRM -> "DrmDevice (drmm)";
            case PROCESS -> "process";
            default -> "resource list";
        };
    }

    private static void timeline(StringBuilder h, RunResult r, List<Owner> lanes) {
        int columns = 6 + lanes.size();
        h.append("<h2>Timeline</h2>\n<table class=\"timeline\">\n<thead><tr><th class=\"num\">step</th>");
        for (Owner lane : lanes) {
            Kind k = Kind.of(lane.kind());
            h.append("<th class=\"lane k-").append(k.css).append("\" title=\"")
                    .append(escape(lane.name() + ": " + ownerKindName(lane.kind()))).append("\">")
                    .append(escape(lane.name())).append("</th>");
        }
        h.append("<th>verb</th><th>owner</th><th>#</th><th>name</th><th>detail</th></tr></thead>\n<tbody>\n");
        Map<Owner, Integer> alive = new HashMap<>();
        Map<Owner, Boolean> running = new HashMap<>();
        List<Report> shown = new ArrayList<>();
        List<Event> events = r.events();
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            if (i == RunOptions.HEAD_EVENTS && r.eventsDropped() > 0) {
                h.append("<tr class=\"step\"><td class=\"num\"></td><td colspan=\"").append(columns - 1).append("\">")
                        .append(escape(EventText.gap(r.eventsDropped()).strip())).append("</td></tr>\n");
            }
            if (e.isStepStart()) {
                h.append("<tr class=\"step\" title=\"").append(escape(EventText.line(e))).append("\"><td class=\"num\">")
                        .append(e.step()).append("</td><td colspan=\"").append(columns - 1).append("\">")
                        .append("<span class=\"script\">").append(escape(e.name())).append("</span>")
                        .append(e.line() > 0 ? " <span class=\"where\">line " + e.line() + "</span>" : "")
                        .append("</td></tr>\n");
                continue;
            }
            track(e, alive, running);
            h.append("<tr class=\"ev k-").append(rowKind(e).css).append("\" title=\"").append(escape(EventText.line(e)))
                    .append("\"><td class=\"num\">").append(e.step()).append("</td>");
            for (Owner lane : lanes) {
                laneCell(h, e, lane, alive, running);
            }
            h.append("<td class=\"verb\">").append(escape(e.verb())).append("</td><td class=\"own\">")
                    .append(escape(e.owner().name())).append("</td><td class=\"ord\">")
                    .append(e.order() > 0 ? String.valueOf(e.order()) : "").append("</td><td class=\"name\">")
                    .append(escape(e.name())).append("</td><td class=\"detail\">").append(escape(e.detail()))
                    .append("</td></tr>\n");
            if (e.report() > 0 && e.report() <= r.reports().size()) {
                Report rep = r.reports().get(e.report() - 1);
                reportRow(h, rep, columns);
                shown.add(rep);
            }
        }
        for (Report rep : r.reports()) {
            if (!shown.contains(rep)) {
                reportRow(h, rep, columns);   // its event fell out of the kept window
            }
        }
        h.append("</tbody>\n</table>\n");
    }

    private static void track(Event e, Map<Owner, Integer> alive, Map<Owner, Boolean> running) {
        if (e.order() == 0) {
            if (e.effect() == Effect.BEGIN || e.effect() == Effect.END) {
                running.put(e.owner(), e.effect() == Effect.BEGIN);
            }
            return;
        }
        switch (e.effect()) {
            case BEGIN -> alive.merge(e.owner(), 1, Integer::sum);
            case END, DROP -> alive.merge(e.owner(), -1, Integer::sum);
            default -> {
            }
        }
    }

    private static void laneCell(StringBuilder h, Event e, Owner lane, Map<Owner, Integer> alive,
                                 Map<Owner, Boolean> running) {
        boolean mine = onLane(e, lane);
        boolean user = lane.kind() == OwnerKind.PROCESS;
        int n = alive.getOrDefault(lane, 0);
        boolean live = user ? running.getOrDefault(lane, false) : n > 0;
        Kind kind = Kind.of(lane.kind());
        h.append("<td class=\"lane").append(live ? " on k-" + kind.css : "").append(mine ? " hit" : "").append("\">");
        if (mine) {
            String mark = e.order() == 0 || !e.owner().equals(lane) ? "\u2022" : switch (e.effect()) {
                case BEGIN -> "+";
                case END -> "\u2212";
                case DROP -> "\u00d7";
                case FAIL -> "!";
                case NONE -> "\u2022";
            };
            h.append("<b>").append(mark).append("</b>");
        }
        if (!user && (n > 0 || mine && e.order() > 0 && e.owner().equals(lane))) {
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
}
