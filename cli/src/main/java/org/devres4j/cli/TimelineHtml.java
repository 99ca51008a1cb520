package org.devres4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.devres4j.sim.Event.Effect;
import org.devres4j.sim.Event.Owner;
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
 * <p><b>Lifetime:</b> stateless. <b>Order:</b> lanes, bars and log rows in the order of the timeline.
 * <b>Concurrency:</b> pure functions, any thread.
 */
final class TimelineHtml {

    /** Width of the label column, in pixels. */
    static final int LABEL = 300;
    /** Height of one row of milestone tags. */
    static final int TAG_ROW = 16;

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
        header(h, title, panels, compare);
        legend(h);
        for (int p = 0; p < panels.size(); p++) {
            gantt(h, panels.get(p), "p" + p, compare, cw, columns);
        }
        for (int p = 0; p < panels.size(); p++) {
            reports(h, panels.get(p), "p" + p, compare);
        }
        for (int p = 0; p < panels.size(); p++) {
            log(h, panels.get(p), "p" + p, compare);
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

    private static void header(StringBuilder h, String title, List<Timeline> panels, boolean compare) {
        h.append("<header class=\"header\">\n<h1>devres4j timeline: <span class=\"scn\">").append(escape(title))
                .append("</span></h1>\n");
        for (int p = 0; p < panels.size(); p++) {
            Timeline t = panels.get(p);
            String id = "p" + p;
            h.append("<div class=\"run\">");
            if (compare) {
                h.append("<a class=\"rname\" href=\"#").append(id).append("\">").append(escape(t.title)).append("</a> ");
            }
            h.append("<p class=\"facts\">");
            if (!t.outcome.isEmpty()) {
                h.append("<span class=\"outcome o-").append(escape(t.outcomeCss)).append("\">").append(escape(t.outcome))
                        .append("</span> ");
            }
            for (String[] f : t.facts) {
                h.append("<span class=\"fact\">").append(escape(f[0])).append(" <b>").append(escape(f[1])).append("</b></span> ");
            }
            h.append("</p>\n");
            for (String problem : t.problems) {
                h.append("<p class=\"problem\">").append(escape(problem)).append("</p>\n");
            }
            if (!t.findings.isEmpty()) {
                h.append("<ol class=\"findings\">\n");
                for (Timeline.Finding f : t.findings) {
                    h.append("<li><a class=\"flink\" href=\"#").append(id).append("-report-").append(f.number).append("\">")
                            .append("<span class=\"fx\">\u2715</span> <b>").append(escape(f.title)).append("</b> ")
                            .append(escape(f.object)).append(" <span class=\"fwhen\">").append(escape(f.when))
                            .append("</span>").append(escape(onBar(f))).append("</a></li>\n");
                }
                h.append("</ol>\n");
            }
            h.append("</div>\n");
        }
        h.append("</header>\n");
    }

    /** @return ": on card0 #2 vgpu hw fini + iounmap, should have ended at unbind vgpu0", or empty */
    private static String onBar(Timeline.Finding f) {
        if (f.bar == null) {
            return "";
        }
        return " \u2014 on " + barName(f.bar) + (f.ghostEnd != null ? ", " + f.ghostPhrase() : "");
    }

    private static String barName(Timeline.Bar b) {
        return b.owner.name() + (b.order > 0 ? " #" + b.order : "") + (b.name.isEmpty() ? "" : " " + b.name);
    }

    private static void legend(StringBuilder h) {
        h.append("<div class=\"legend\">");
        for (OwnerKind k : List.of(OwnerKind.DEVICE, OwnerKind.DRM, OwnerKind.LIST, OwnerKind.PROCESS, OwnerKind.HARDWARE)) {
            h.append("<span class=\"lg\"><span class=\"sw k-").append(css(k)).append("\"></span>")
                    .append(escape(kindLabel(k))).append("</span>");
        }
        h.append("<span class=\"lg\"><span class=\"sw open\"></span>still alive at the end</span>")
                .append("<span class=\"lg\"><span class=\"sw ghostsw\"></span>the lifetime it should have had</span>")
                .append("<span class=\"lg\"><span class=\"sw oversw\"></span>alive past it: the bug</span>")
                .append("<span class=\"lg\"><span class=\"fx\">\u2715</span> sanitizer report</span>")
                .append("<span class=\"lg\">hover or focus a bar for its events</span></div>\n");
    }

    // ------------------------------------------------------------------ the Gantt chart

    private static void gantt(StringBuilder h, Timeline t, String id, boolean compare, int cw, int columns) {
        int plot = columns * cw;
        h.append("<section class=\"panel\" id=\"").append(id).append("\">\n");
        if (compare) {
            h.append("<h2 class=\"ptitle\">").append(escape(t.title)).append(" <span class=\"outcome o-")
                    .append(escape(t.outcomeCss)).append("\">").append(escape(t.outcome)).append("</span></h2>\n");
        }
        h.append("<div class=\"scroll\"><div class=\"gantt\" style=\"width:").append(LABEL + plot + 16).append("px\">\n");
        axis(h, t, cw);
        int tagRows = milestoneTags(h, t, cw, plot);
        // lanes: rows in normal flow; every position inside a row is absolute
        boolean orphans = t.findings.stream().anyMatch(f -> f.bar == null);
        h.append("<div class=\"lanes\">\n");
        for (int c = 0; c < t.columns.size(); c++) {
            h.append("<div class=\"stripe").append(c % 2 == 1 ? " odd" : "").append(t.columns.get(c).gap() ? " gapcol" : "")
                    .append("\" style=\"left:").append(LABEL + c * cw).append("px;width:").append(cw).append("px\"></div>");
        }
        h.append('\n');
        for (Timeline.Milestone m : t.milestones) {
            h.append("<div class=\"mline m-").append(m.kind().css()).append("\" style=\"left:").append(px(x(t, m.at(), cw)))
                    .append("px\" title=\"").append(escape(m.label() + " (step " + m.entry().step() + ")")).append("\"></div>");
        }
        h.append('\n');
        if (orphans) {
            h.append("<div class=\"row orphan\"><span class=\"rlabel\">findings on no single resource</span>");
            for (Timeline.Finding f : t.findings) {
                if (f.bar == null) {
                    cross(h, t, id, f, cw);
                }
            }
            h.append("</div>\n");
        }
        for (Timeline.Lane lane : t.lanes) {
            lane(h, t, id, lane, cw, plot);
        }
        h.append("</div>\n</div></div>\n");
        if (tagRows == 0 && t.milestones.isEmpty()) {
            h.append("<p class=\"note\">No plug, bind, unbind, unplug, remove, last put or final free in this run.</p>\n");
        }
        h.append("</section>\n");
    }

    private static void axis(StringBuilder h, Timeline t, int cw) {
        h.append("<div class=\"axis\"><div class=\"axlabel\">step</div>");
        for (int c = 0; c < t.columns.size(); c++) {
            Timeline.Column col = t.columns.get(c);
            String title = col.gap() ? col.script() : "step " + col.label() + (col.line() > 0 ? " (line " + col.line() + ")" : "")
                    + (col.script().isEmpty() ? "" : ": " + col.script());
            h.append("<div class=\"col").append(col.gap() ? " gapcol" : "").append("\" style=\"left:").append(LABEL + c * cw)
                    .append("px;width:").append(cw).append("px\" title=\"").append(escape(title)).append("\"><b>")
                    .append(escape(col.label())).append("</b>");
            if (cw >= 48 && !col.script().isEmpty()) {
                h.append("<span class=\"cs\">").append(escape(col.script())).append("</span>");
            }
            h.append("</div>");
        }
        h.append("</div>\n");
    }

    /**
     * Tags naming the milestones, in rows so that none overlaps another: each tag starts at its line or, if
     * that place is taken in every row so far, ends at it; a new row only when neither fits. Returns the rows
     * used.
     */
    private static int milestoneTags(StringBuilder h, Timeline t, int cw, int plot) {
        List<List<double[]>> rows = new ArrayList<>();
        StringBuilder tags = new StringBuilder();
        for (Timeline.Milestone m : t.milestones) {
            double x = x(t, m.at(), cw);
            String label = m.label();
            double width = 6.1 * label.length() + 9;
            double right = Math.max(LABEL, Math.min(x - 1, LABEL + plot - width));
            double left = Math.max(LABEL, x + 1 - width);
            int row = -1;
            double at = right;
            for (int r = 0; r < rows.size() && row < 0; r++) {
                if (free(rows.get(r), right, right + width)) {
                    row = r;
                    at = right;
                } else if (free(rows.get(r), left, left + width)) {
                    row = r;
                    at = left;
                }
            }
            if (row < 0) {
                rows.add(new ArrayList<>());
                row = rows.size() - 1;
            }
            rows.get(row).add(new double[] {at, at + width});
            tags.append("<span class=\"mtag m-").append(m.kind().css()).append("\" tabindex=\"0\" style=\"left:")
                    .append(px(at)).append("px;top:").append(row * TAG_ROW).append("px\" title=\"")
                    .append(escape(m.entry().text())).append("\">").append(escape(label))
                    .append("<span class=\"tip\"><b>").append(escape(label)).append("</b> at step ").append(m.entry().step())
                    .append("<br/>").append(escape(m.entry().text())).append("</span></span>");
        }
        h.append("<div class=\"mstrip\" style=\"height:").append(Math.max(1, rows.size()) * TAG_ROW + 4).append("px\">")
                .append("<div class=\"axlabel\">").append(rows.isEmpty() ? "" : "markers").append("</div>")
                .append(tags).append("</div>\n");
        return rows.size();
    }

    private static boolean free(List<double[]> row, double from, double to) {
        for (double[] taken : row) {
            if (from < taken[1] + 3 && taken[0] < to + 3) {
                return false;
            }
        }
        return true;
    }

    private static void lane(StringBuilder h, Timeline t, String id, Timeline.Lane lane, int cw, int plot) {
        Owner o = lane.owner;
        boolean hasReport = lane.bars.stream().anyMatch(b -> !b.findings.isEmpty())
                || lane.self.stream().anyMatch(b -> !b.findings.isEmpty());
        h.append("<div class=\"lane k-").append(css(o.kind())).append(hasReport ? " haserr" : "")
                .append("\" data-owner=\"").append(escape(o.name())).append("\" data-owner-kind=\"")
                .append(o.kind().id()).append("\">\n<div class=\"lhead\"><span class=\"rlabel\"><b>")
                .append(escape(o.name())).append("</b> <span class=\"lkind\">").append(escape(kindLabel(o.kind())))
                .append("</span></span>");
        for (Timeline.Bar b : lane.self) {
            bar(h, t, id, b, cw, plot);
        }
        h.append("</div>\n");
        for (Timeline.Bar b : lane.bars) {
            boolean ghost = b.findings.stream().anyMatch(f -> f.ghostEnd != null);
            h.append("<div class=\"row").append(ghost ? " tall" : "").append("\"><span class=\"rlabel\" title=\"").append(escape(barName(b))).append("\">")
                    .append(b.order > 0 ? "<span class=\"ord\">#" + b.order + "</span> " : "")
                    .append(b.owner.kind() == OwnerKind.HARDWARE ? "<span class=\"hwtag\">hw</span> " : "")
                    .append(escape(b.name)).append("</span>");
            bar(h, t, id, b, cw, plot);
            h.append("</div>\n");
        }
        h.append("</div>\n");
    }

    private static void bar(StringBuilder h, Timeline t, String id, Timeline.Bar b, int cw, int plot) {
        double x0 = x(t, b.start, cw);
        if (b.begunBefore) {
            x0 = LABEL + b.start.column() * cw;
        }
        double x1 = b.open() ? LABEL + plot - 1 : x(t, b.end, cw);
        double w = Math.max(3, x1 - x0);
        for (Timeline.Finding f : b.findings) {
            if (f.ghostEnd != null) {
                double g1 = x(t, f.ghostEnd, cw);
                h.append("<div class=\"ghost").append(b.order == 0 && b.owner.kind() != OwnerKind.HARDWARE ? " gself" : "")
                        .append("\" style=\"left:").append(px(x0)).append("px;width:").append(px(Math.max(3, g1 - x0)))
                        .append("px\" title=\"").append(escape("the lifetime it should have had: " + f.ghostPhrase()))
                        .append("\"><span class=\"gwhy").append(g1 + 6.1 * f.ghostLabel().length() + 12 > LABEL + plot
                                ? " inside" : "").append("\">").append(escape(f.ghostLabel())).append("</span></div>");
            }
        }
        String kinds = b.findings.stream().map(f -> f.kindId).distinct().collect(Collectors.joining(" "));
        String ending = b.open() ? "open" : b.failed ? "failed" : b.dropped ? "dropped" : "released";
        h.append("<div class=\"bar k-").append(css(b.owner.kind())).append(b.order == 0 && b.owner.kind() != OwnerKind.HARDWARE ? " self" : "")
                .append(b.open() ? " open" : "").append(b.dropped ? " dropped" : "").append(b.failed ? " failed" : "")
                .append(b.begunBefore ? " before" : "").append(kinds.isEmpty() ? "" : " err")
                .append("\" id=\"").append(id).append("-bar-").append(b.id).append("\" tabindex=\"0\"")
                .append(" data-owner=\"").append(escape(b.owner.name())).append("\" data-owner-kind=\"").append(b.owner.kind().id())
                .append("\" data-order=\"").append(b.order).append("\" data-resource=\"").append(escape(b.name))
                .append("\" data-added-step=\"").append(b.added == null ? "" : String.valueOf(b.added.step())).append('"');
        if (b.ended != null) {
            h.append(" data-released-step=\"").append(b.ended.step()).append('"');
        }
        h.append(" data-ended=\"").append(ending).append('"');
        if (!kinds.isEmpty()) {
            h.append(" data-report=\"").append(escape(kinds)).append('"');
        }
        h.append(" style=\"left:").append(px(x0)).append("px;width:").append(px(w)).append("px\" title=\"")
                .append(escape(tipText(b))).append("\" aria-label=\"").append(escape(barName(b))).append("\">");
        tip(h, b);
        h.append("</div>");
        overrun(h, t, b, x0, x0 + w, cw);
        for (Timeline.Finding f : b.findings) {
            cross(h, t, id, f, cw);
        }
    }

    /**
     * The part of a bar that outlived the lifetime it should have had (from the ghost's end to the bar's end),
     * drawn over the bar in red: where a release point came first, the overrun is the bug.
     */
    private static void overrun(StringBuilder h, Timeline t, Timeline.Bar b, double x0, double x1, int cw) {
        double from = x1;
        String why = "";
        for (Timeline.Finding f : b.findings) {
            if (f.ghostEnd != null && !f.ghostIsUse) {
                double g1 = Math.max(x0, x(t, f.ghostEnd, cw));
                if (g1 < from) {
                    from = g1;
                    why = f.ghostWhy;
                }
            }
        }
        if (x1 - from >= 2) {
            h.append("<div class=\"over\" style=\"left:").append(px(from)).append("px;width:").append(px(x1 - from))
                    .append("px\" title=\"").append(escape("alive after " + why + ": the lifetime it overran"))
                    .append("\"></div>");
        }
    }

    /** The plain-text details of a bar: its title, for a page read without JavaScript. */
    private static String tipText(Timeline.Bar b) {
        StringBuilder s = new StringBuilder(barName(b)).append('\n');
        s.append(b.added == null ? "began before the kept events" : "step " + b.added.step() + ": " + b.added.text());
        s.append('\n').append(b.ended == null ? "still alive at the end" : "step " + b.ended.step() + ": " + b.ended.text());
        for (Timeline.Finding f : b.findings) {
            s.append("\n\u2715 report ").append(f.number).append(": ").append(f.title);
        }
        return s.toString();
    }

    private static void tip(StringBuilder h, Timeline.Bar b) {
        h.append("<span class=\"tip\"><b>").append(escape(barName(b))).append("</b> <i>")
                .append(escape(kindLabel(b.owner.kind()))).append("</i><br/>");
        tipLine(h, "added", b.added, b.begunBefore ? "before the kept events" : "");
        tipLine(h, b.dropped ? "dropped" : b.failed ? "released, failed" : "released", b.ended, "still alive at the end");
        for (Timeline.Finding f : b.findings) {
            h.append("<span class=\"tx\">\u2715 ").append(escape(f.title)).append(" (").append(escape(f.when)).append(")</span><br/>");
            if (f.ghostEnd != null) {
                h.append("<span class=\"tg\">").append(escape(f.ghostPhrase())).append("</span><br/>");
            }
        }
        h.append("</span>");
    }

    private static void tipLine(StringBuilder h, String label, Timeline.Entry e, String none) {
        h.append("<span class=\"tl\">").append(escape(label)).append(":</span> ");
        if (e == null) {
            h.append(escape(none));
        } else {
            h.append("step ").append(e.step()).append(" \u2014 <code>").append(escape(e.verb())).append("</code> ")
                    .append(escape(e.owner().name())).append(e.order() > 0 ? " #" + e.order() : "").append(' ')
                    .append(escape(e.name()));
            if (!e.detail().isEmpty()) {
                h.append(" <span class=\"td\">(").append(escape(e.detail())).append(")</span>");
            }
        }
        h.append("<br/>");
    }

    private static void cross(StringBuilder h, Timeline t, String id, Timeline.Finding f, int cw) {
        h.append("<a class=\"x\" id=\"").append(id).append("-x-").append(f.number).append("\" href=\"#").append(id)
                .append("-report-").append(f.number).append("\" data-report=\"").append(escape(f.kindId)).append('"');
        if (f.bar != null) {
            h.append(" data-for=\"").append(id).append("-bar-").append(f.bar.id).append('"');
        }
        h.append(" style=\"left:").append(px(x(t, f.at, cw))).append("px\" title=\"")
                .append(escape("report " + f.number + ": " + f.title + ": " + f.object + " (" + f.when + ")"))
                .append("\">\u2715<span class=\"tip\"><b>\u2715 ").append(escape(f.title)).append("</b><br/>")
                .append(escape(f.object)).append("<br/>").append(escape(f.when)).append(escape(onBar(f)))
                .append("</span></a>");
    }

    /** @return the x of a position, in pixels from the chart's left edge */
    private static double x(Timeline t, Timeline.At at, int cw) {
        return LABEL + at.column() * cw + t.fraction(at) * cw;
    }

    private static String px(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    // ------------------------------------------------------------------ findings

    private static void reports(StringBuilder h, Timeline t, String id, boolean compare) {
        if (t.findings.isEmpty()) {
            return;
        }
        h.append("<section class=\"reports\">\n<h2>Sanitizer reports").append(compare ? " of " + escape(t.title) : "")
                .append("</h2>\n");
        for (Timeline.Finding f : t.findings) {
            h.append("<div class=\"report\" id=\"").append(id).append("-report-").append(f.number).append("\">\n")
                    .append("<div class=\"rtitle\"><span class=\"fx\">\u2715</span> ").append(f.number).append(". ")
                    .append(escape(f.title)).append(" <span class=\"rkind\">").append(escape(f.kindId))
                    .append("</span> <span class=\"rwhen\">").append(escape(f.when)).append("</span>")
                    .append(" <a class=\"back\" href=\"#").append(id).append(f.bar != null ? "-bar-" + f.bar.id : "-x-" + f.number)
                    .append("\">\u2191 ").append(f.bar != null ? "its bar: " + escape(barName(f.bar)) : "on the timeline")
                    .append("</a></div>\n<dl>\n");
            for (String[] field : f.fields) {
                h.append("<dt>").append(escape(field[0])).append("</dt><dd>").append(escape(field[1])).append("</dd>\n");
            }
            if (f.ghostEnd != null) {
                h.append("<dt>lifetime</dt><dd>").append(escape(f.ghostPhrase())).append(" (the dashed ghost bar)</dd>\n");
            }
            if (!f.chain.isEmpty()) {
                h.append("<dt>chain</dt><dd><ol class=\"chain\">");
                for (String link : f.chain) {
                    h.append("<li>").append(escape(link)).append("</li>");
                }
                h.append("</ol></dd>\n");
            }
            h.append("</dl>\n</div>\n");
        }
        h.append("</section>\n");
    }

    // ------------------------------------------------------------------ the event log

    private static void log(StringBuilder h, Timeline t, String id, boolean compare) {
        long shown = t.entries.stream().filter(e -> !e.stepLine()).count();
        h.append("<details class=\"logbox\" id=\"").append(id).append("-log\"").append(compare ? "" : " open=\"open\"")
                .append(">\n<summary>Event log").append(compare ? " of " + escape(t.title) : "").append(": ").append(shown)
                .append(" events (name bookkeeping collapsed)</summary>\n<div class=\"log\">\n");
        List<Timeline.Entry> book = new ArrayList<>();
        int lastColumn = -1;
        for (Timeline.Entry e : t.entries) {
            if (e.bookkeeping()) {
                book.add(e);
                continue;
            }
            flushBookkeeping(h, book);
            if (e.at().column() != lastColumn && t.columns.get(e.at().column()).gap()) {
                h.append("<div class=\"lr gap\">").append(escape(t.columns.get(e.at().column()).script())).append("</div>\n");
            }
            lastColumn = e.at().column();
            if (e.stepLine()) {
                h.append("<div class=\"lr step\" title=\"").append(escape(e.text())).append("\"><span class=\"n\">")
                        .append(e.step()).append("</span><span class=\"s\">&gt; ").append(escape(e.name())).append("</span>")
                        .append(e.detail().isEmpty() ? "" : "<span class=\"where\">" + escape(e.detail()) + "</span>")
                        .append("</div>\n");
                continue;
            }
            row(h, id, e);
        }
        flushBookkeeping(h, book);
        h.append("</div>\n</details>\n");
    }

    private static void flushBookkeeping(StringBuilder h, List<Timeline.Entry> book) {
        if (book.isEmpty()) {
            return;
        }
        java.util.Map<String, Integer> verbs = new java.util.LinkedHashMap<>();
        for (Timeline.Entry e : book) {
            verbs.merge(e.verb(), 1, Integer::sum);
        }
        h.append("<details class=\"book\"><summary>").append(book.size()).append(" bookkeeping event")
                .append(book.size() == 1 ? "" : "s").append(": ")
                .append(escape(verbs.entrySet().stream().map(v -> v.getKey() + " \u00d7" + v.getValue())
                        .collect(Collectors.joining(", ")))).append("</summary>\n");
        for (Timeline.Entry e : book) {
            row(h, null, e);
        }
        h.append("</details>\n");
        book.clear();
    }

    private static void row(StringBuilder h, String id, Timeline.Entry e) {
        boolean finding = e.report() > 0;
        h.append("<div class=\"lr ev k-").append(finding ? "san" : css(e.owner().kind())).append("\" title=\"")
                .append(escape(e.step() + "  " + e.text())).append("\"><span class=\"n\">").append(e.step())
                .append("</span><span class=\"v\">").append(escape(e.verb())).append("</span><span class=\"o\">")
                .append(escape(e.owner().name())).append("</span><span class=\"r\">")
                .append(e.order() > 0 ? "#" + e.order() : "").append("</span><span class=\"nm\">").append(escape(e.name()))
                .append("</span><span class=\"d\">").append(escape(e.detail()));
        if (finding && id != null) {
            h.append(" <a href=\"#").append(id).append("-report-").append(e.report()).append("\">report ")
                    .append(e.report()).append(" \u2193</a>");
        }
        h.append("</span><span class=\"ef\">").append(effectMark(e.effect())).append("</span></div>\n");
    }

    private static String effectMark(Effect e) {
        return switch (e) {
            case BEGIN -> "+";
            case END -> "\u2212";
            case DROP -> "\u00d7";
            case FAIL -> "!";
            case NONE -> "";
        };
    }

    // ------------------------------------------------------------------ names

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
