package org.devres4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.devres4j.sim.Event.OwnerKind;
import org.devres4j.sim.RunResult;

/**
 * Draws {@link Timeline}s as one self-contained HTML page — the {@code --html FILE} of {@code run},
 * {@code trace}, {@code fuzz} and {@code watch}: a header with the facts and a link to every finding; a
 * Gantt chart of lifetimes (one bar per resource on a step axis, grouped in owner lanes, milestones across
 * all lanes, each finding a red ✕ on the bar it concerns with a dashed ghost bar for the lifetime that
 * resource should have had); the findings as boxes that link back to their bars; the full event log with
 * name bookkeeping collapsed. Several timelines (a buggy and a fixed run) share one axis, one above the other.
 *
 * <p>The generator draws everything (bars are positioned HTML boxes): the page is readable without
 * JavaScript — a bar's details are in its {@code title} — and the small inline script only adds a details
 * box on hover and focus. No network: no external style sheet, script, font or image. Every bar carries
 * {@code data-owner}, {@code data-owner-kind}, {@code data-order}, {@code data-resource},
 * {@code data-added-step}, {@code data-released-step} (if it ended) and {@code data-report} (the kinds of
 * the findings on it). The page is well-formed XML (XHTML syntax, HTML5 doctype): every text goes through
 * {@link #escape(String)}; the inline style and script ({@link TimelineStyle}) contain no {@code <} or
 * {@code &}.
 *
 * <p>This class writes the page and holds what its parts share (escaping, names, bar labels); the parts are
 * {@link TimelineHeader} (header and legend), {@link TimelineGantt} (the chart), {@link TimelineReports}
 * and {@link TimelineLog}, with the style and script in {@link TimelineStyle}.
 *
 * <p><b>Lifetime:</b> stateless. <b>Order:</b> lanes, bars and log rows in the order of the timeline.
 * <b>Concurrency:</b> pure functions, any thread.
 */
final class TimelineHtml {

    private TimelineHtml() {
    }

    // ------------------------------------------------------------------ writing

    /**
     * Writes the page of one run.
     *
     * @param result the run
     * @param file   where (replaced if it exists)
     * @throws IOException if it cannot be written
     */
    static void write(RunResult result, Path file) throws IOException {
        Files.writeString(file, render(result), StandardCharsets.UTF_8);
    }

    /**
     * Writes a page for a command's {@code --html FILE} option and says where it went on the error stream
     * (standard output stays the command's own).
     *
     * @param what  what the page shows, for the message, e.g. {@code drmm-mmio:buggy}
     * @param page  the page
     * @param file  the file, or null if the option was not given
     * @param err   where to say what happened
     * @return whether the page was written (or none was asked for); false means exit code 2
     */
    static boolean writeIfAsked(String what, String page, Path file, PrintWriter err) {
        if (file == null) {
            return true;
        }
        try {
            Files.writeString(file, page, StandardCharsets.UTF_8);
            err.println("devres4j: wrote the HTML timeline of " + what + " to " + file);
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

    // ------------------------------------------------------------------ the page

    /**
     * @param result a run
     * @return its page
     */
    static String render(RunResult result) {
        return render(result.scenario(), List.of(RunTimeline.of(result)));
    }

    /**
     * @param title  the page's title
     * @param panels one timeline, or several drawn on one axis, one above the other
     * @return the page
     */
    static String render(String title, List<Timeline> panels) {
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("TimelineHtml: nothing to draw for '" + title + "': no timeline given");
        }
        boolean compare = panels.size() > 1;
        int columns = panels.stream().mapToInt(t -> t.columns.size()).max().orElse(1);
        int cw = columnWidth(columns);
        StringBuilder h = new StringBuilder(128 * 1024);
        h.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
                .append("<meta charset=\"utf-8\"/>\n<title>devres4j timeline: ").append(escape(title))
                .append("</title>\n<style>\n").append(TimelineStyle.STYLE).append("</style>\n</head>\n<body>\n");
        TimelineHeader.header(h, title, panels, compare);
        TimelineHeader.legend(h, panels);
        for (int p = 0; p < panels.size(); p++) {
            TimelineGantt.gantt(h, panels.get(p), "p" + p, compare, cw, columns);
        }
        for (int p = 0; p < panels.size(); p++) {
            TimelineReports.reports(h, panels.get(p), "p" + p, compare);
        }
        for (int p = 0; p < panels.size(); p++) {
            TimelineLog.log(h, panels.get(p), "p" + p, compare);
        }
        h.append("<p class=\"note\">Bars, lanes and markers come from the events' typed owners and effects; a "
                + "finding sits on the bar its report names. Generated by devres4j.</p>\n");
        h.append("<div id=\"tip\" class=\"tipbox\" role=\"tooltip\"></div>\n");
        h.append(TimelineStyle.SCRIPT);
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    /** @return the width of one step's column: wide enough for its markers, narrow enough for long runs */
    static int columnWidth(int columns) {
        return Math.max(12, Math.min(260, 1100 / Math.max(1, columns)));
    }

    // ------------------------------------------------------------------ names

    /** @return ": on card0 #2 vgpu hw fini + iounmap, should have ended at unbind vgpu0", or empty */
    static String onBar(Timeline.Finding f) {
        if (f.bar == null) {
            return "";
        }
        return " \u2014 on " + barName(f.bar) + (f.ghostEnd != null ? ", " + f.ghostPhrase() : "");
    }

    /** @return a bar's name for people: owner, {@code #order} for a resource, resource name */
    static String barName(Timeline.Bar b) {
        return b.owner.name() + (b.order > 0 ? " #" + b.order : "") + (b.name.isEmpty() ? "" : " " + b.name);
    }

    /** @return a pixel value with one decimal, the same in every locale */
    static String px(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** @return the colour class of a kind of owner */
    static String css(OwnerKind k) {
        return switch (k) {
            case DEVICE -> "dev";
            case DRM -> "drm";
            case LIST -> "oth";
            case PROCESS -> "usr";
            case HARDWARE -> "hw";
            case WORLD -> "wld";
        };
    }

    /** @return what a lane of that kind holds, for people */
    static String kindLabel(OwnerKind k) {
        return switch (k) {
            case DEVICE -> "Device: devres list (and its hardware)";
            case DRM -> "DrmDevice: drmm list";
            case LIST -> "resource list";
            case PROCESS -> "process: files and mappings";
            case HARDWARE -> "hardware: MMIO range, IRQ line";
            case WORLD -> "world";
        };
    }
}

