package org.devres4j.sim;

import java.util.List;
import org.devres4j.sim.json.JsonStrings;

/**
 * Hand-written JSON output for the results: string escaping, and the report and event objects. No
 * dependencies.
 *
 * <p><b>Lifetime:</b> stateless. <b>Order:</b> lists keep their order. <b>Concurrency:</b> thread-safe.
 */
final class Json {

    private Json() {
    }

    /** @return the string as a JSON string literal, or {@code null} ({@link JsonStrings#quote}) */
    static String str(String s) {
        return JsonStrings.quote(s);
    }

    /** Appends the string, not null, as a JSON string literal ({@link JsonStrings#append}). */
    static void str(StringBuilder sb, String s) {
        JsonStrings.append(sb, s);
    }

    static String strings(List<String> list) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            str(sb, list.get(i));
        }
        return sb.append(']').toString();
    }

    static void reports(StringBuilder sb, List<Report> reports) {
        sb.append('[');
        for (int i = 0; i < reports.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(reports.get(i).toJson());
        }
        sb.append(']');
    }

    /** Appends the events as an array of objects, one per event, fields as {@link Event} names them. */
    static void events(StringBuilder sb, List<Event> events) {
        sb.append('[');
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"step\":").append(e.step()).append(",\"line\":").append(e.line()).append(",\"verb\":");
            str(sb, e.verb());
            sb.append(",\"ownerKind\":");
            str(sb, e.owner().kind().id());
            sb.append(",\"owner\":");
            str(sb, e.owner().name());
            sb.append(",\"order\":").append(e.order()).append(",\"effect\":");
            str(sb, e.effect().id());
            sb.append(",\"name\":");
            str(sb, e.name());
            sb.append(",\"detail\":");
            str(sb, e.detail());
            sb.append(",\"report\":").append(e.report()).append('}');
        }
        sb.append(']');
    }
}
