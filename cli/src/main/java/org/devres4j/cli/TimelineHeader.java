package org.devres4j.cli;

import static org.devres4j.cli.TimelineHtml.css;
import static org.devres4j.cli.TimelineHtml.escape;
import static org.devres4j.cli.TimelineHtml.kindLabel;
import static org.devres4j.cli.TimelineHtml.onBar;

import java.util.List;
import org.devres4j.sim.Event.OwnerKind;

/**
 * The top of a {@link TimelineHtml} page: per run its outcome, facts, problems and a link to every finding's
 * report box; then the colour legend.
 *
 * <p><b>Lifetime:</b> stateless. <b>Order:</b> runs in the order given, findings in report order.
 * <b>Concurrency:</b> pure functions appending to the caller's page, any thread.
 */
final class TimelineHeader {

    private TimelineHeader() {
    }

    static void header(StringBuilder h, String title, List<Timeline> panels, boolean compare) {
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

    /**
     * The legend: one swatch per kind of owner the page draws, in a fixed order, then the marks the page
     * uses — a watch of real devices shows only the device swatch, a clean run no report marks.
     */
    static void legend(StringBuilder h, List<Timeline> panels) {
        java.util.Set<OwnerKind> drawn = java.util.EnumSet.noneOf(OwnerKind.class);
        boolean open = false;
        boolean findings = false;
        for (Timeline t : panels) {
            for (Timeline.Lane lane : t.lanes) {
                drawn.add(lane.owner.kind());
            }
            for (Timeline.Bar b : t.bars) {
                drawn.add(b.owner.kind());
                open |= b.open();
            }
            findings |= !t.findings.isEmpty();
        }
        h.append("<div class=\"legend\">");
        for (OwnerKind k : List.of(OwnerKind.DEVICE, OwnerKind.DRM, OwnerKind.LIST, OwnerKind.PROCESS, OwnerKind.HARDWARE)) {
            if (drawn.contains(k)) {
                h.append("<span class=\"lg\"><span class=\"sw k-").append(css(k)).append("\"></span>")
                        .append(escape(kindLabel(k))).append("</span>");
            }
        }
        if (open) {
            h.append("<span class=\"lg\"><span class=\"sw open\"></span>still alive at the end</span>");
        }
        if (findings) {
            h.append("<span class=\"lg\"><span class=\"sw ghostsw\"></span>the lifetime it should have had</span>")
                    .append("<span class=\"lg\"><span class=\"sw oversw\"></span>alive past it: the bug</span>")
                    .append("<span class=\"lg\"><span class=\"fx\">\u2715</span> sanitizer report</span>");
        }
        h.append("<span class=\"lg\">hover or focus a bar for its events</span></div>\n");
    }
}
