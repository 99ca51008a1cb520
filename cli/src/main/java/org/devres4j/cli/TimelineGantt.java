package org.devres4j.cli;

import static org.devres4j.cli.TimelineHtml.barName;
import static org.devres4j.cli.TimelineHtml.css;
import static org.devres4j.cli.TimelineHtml.escape;
import static org.devres4j.cli.TimelineHtml.kindLabel;
import static org.devres4j.cli.TimelineHtml.onBar;
import static org.devres4j.cli.TimelineHtml.px;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.devres4j.sim.Event.Owner;
import org.devres4j.sim.Event.OwnerKind;

/**
 * The Gantt chart of one {@link Timeline} on a {@link TimelineHtml} page: the step axis, the milestone tags
 * (in rows, none overlapping), column stripes and milestone lines, then one lane per owner with a positioned
 * box per lifetime, its ghost bar and overrun, and a red cross per finding.
 *
 * <p><b>Lifetime:</b> stateless. <b>Order:</b> lanes and bars in the timeline's order; a bar's ghosts before
 * it, its overrun and crosses after it. <b>Concurrency:</b> pure functions appending to the caller's page,
 * any thread.
 */
final class TimelineGantt {

    /** Width of the label column, in pixels. */
    static final int LABEL = 300;
    /** Height of one row of milestone tags. */
    static final int TAG_ROW = 16;

    private TimelineGantt() {
    }

    static void gantt(StringBuilder h, Timeline t, String id, boolean compare, int cw, int columns) {
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
}
