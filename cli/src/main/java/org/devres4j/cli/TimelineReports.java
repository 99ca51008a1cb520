package org.devres4j.cli;

import static org.devres4j.cli.TimelineHtml.barName;
import static org.devres4j.cli.TimelineHtml.escape;

/**
 * The sanitizer reports of one {@link Timeline} on a {@link TimelineHtml} page: a box per finding with its
 * fields, the lifetime it should have had and its reference chain, linking back to its bar.
 *
 * <p><b>Lifetime:</b> stateless. <b>Order:</b> findings in report order. <b>Concurrency:</b> pure functions
 * appending to the caller's page, any thread.
 */
final class TimelineReports {

    private TimelineReports() {
    }

    static void reports(StringBuilder h, Timeline t, String id, boolean compare) {
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
}
