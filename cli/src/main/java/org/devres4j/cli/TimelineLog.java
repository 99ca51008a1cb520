package org.devres4j.cli;

import static org.devres4j.cli.TimelineHtml.css;
import static org.devres4j.cli.TimelineHtml.escape;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.devres4j.sim.Event.Effect;

/**
 * The event log of one {@link Timeline} on a {@link TimelineHtml} page: a row per event, a line per step, a
 * marker where events fell out of the kept window, runs of name bookkeeping collapsed into one details box.
 *
 * <p><b>Lifetime:</b> stateless. <b>Order:</b> entries in the order they happened. <b>Concurrency:</b> pure
 * functions appending to the caller's page, any thread.
 */
final class TimelineLog {

    private TimelineLog() {
    }

    static void log(StringBuilder h, Timeline t, String id, boolean compare) {
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
}
