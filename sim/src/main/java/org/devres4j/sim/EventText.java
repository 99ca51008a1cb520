package org.devres4j.sim;

/**
 * The one text form of an {@link Event}: exactly one line, with a fixed layout that people and
 * {@code grep} read — the step number, then the verb, the owner, {@code #order}, the name and the
 * detail in parentheses:
 *
 * <pre>
 *    2  > plug vgpu0   (line 4)
 *    2    ADD  vgpu0 #1 iounmap vgpu0:bar0
 *    9    REL  card0 #3 vgpu connector state (last put of card0)
 * </pre>
 *
 * A line break inside a name or a detail is written as the two characters {@code \n}, so one event is
 * always one line.
 *
 * <p><b>Lifetime:</b> stateless. <b>Order:</b> not applicable. <b>Concurrency:</b> pure functions,
 * any thread.
 */
public final class EventText {

    private EventText() {
    }

    /**
     * @param e an event
     * @return its line, with the step number in front (no line terminator)
     */
    public static String line(Event e) {
        if (e.isStepStart()) {
            return String.format("%4d  > %s%s", e.step(), oneLine(e.name()), e.line() > 0 ? "   (line " + e.line() + ")" : "");
        }
        return String.format("%4d    %s", e.step(), body(e));
    }

    /**
     * @param e an event
     * @return its line without the step number, e.g. {@code ADD  vgpu0 #1 iounmap vgpu0:bar0}
     */
    public static String body(Event e) {
        if (e.isStepStart()) {
            return "> " + oneLine(e.name());
        }
        StringBuilder sb = new StringBuilder(64);
        sb.append(e.verb());
        for (int pad = e.verb().length(); pad < 4; pad++) {
            sb.append(' ');
        }
        if (!e.owner().name().isEmpty()) {
            sb.append(' ').append(oneLine(e.owner().name()));
        }
        if (e.order() > 0) {
            sb.append(" #").append(e.order());
        }
        if (!e.name().isEmpty()) {
            sb.append(' ').append(oneLine(e.name()));
        }
        if (!e.detail().isEmpty()) {
            sb.append(" (").append(oneLine(e.detail())).append(')');
        }
        return sb.toString();
    }

    /**
     * Appends the lines of a kept window of events, one per event, with one marker line where events
     * fell out of the window ({@code ... N events not kept ...}).
     *
     * @param sb      where to append
     * @param events  the window: its first {@code head} events, then the newest ones
     * @param head    how many of the window's events are the run's first ones
     * @param dropped how many fell out between them
     */
    public static void appendLines(StringBuilder sb, java.util.List<Event> events, int head, long dropped) {
        for (int i = 0; i < events.size(); i++) {
            if (i == head && dropped > 0) {
                sb.append(gap(dropped)).append('\n');
            }
            sb.append(line(events.get(i))).append('\n');
        }
    }

    /**
     * @param dropped how many events fell out of a window
     * @return the marker line that stands for them
     */
    public static String gap(long dropped) {
        return "     ... " + dropped + " event(s) not kept ...";
    }

    /**
     * @param s any text
     * @return it with every line terminator (CR, LF, NEL, LS, PS) written as {@code \n}
     */
    static String oneLine(String s) {
        int i = 0;
        while (i < s.length() && !isBreak(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + 8).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                continue;   // CR LF is one break
            }
            sb.append(isBreak(c) ? "\\n" : String.valueOf(c));
        }
        return sb.toString();
    }

    private static boolean isBreak(char c) {
        return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }
}
