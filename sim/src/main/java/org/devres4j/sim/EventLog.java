package org.devres4j.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.devres4j.core.TraceEvent;

/**
 * The world's event log and its index of lifetime events: every line the world, the bus, the DRM
 * layer and userspace produce, in order, tagged with the step that caused it; and for every resource
 * (owner, name) where it was added and where and why it was last released, so reports can say so.
 * Single-threaded; deterministic (no times, no identity hashes).
 */
final class EventLog {

    /** Where a resource was added and released. */
    static final class Life {
        final String owner;
        final String name;
        final String added;
        String released;

        Life(String owner, String name, String added) {
            this.owner = owner;
            this.name = name;
            this.added = added;
        }
    }

    private final List<String> lines = new ArrayList<>();
    private final Map<String, Life> lives = new HashMap<>();
    private final List<Life> order = new ArrayList<>();
    private int step;
    private int line;
    private String stepText = "setup";

    void beginStep(int stepNo, int lineNo, String text) {
        this.step = stepNo;
        this.line = lineNo;
        this.stepText = text;
        lines.add(String.format("%4d  > %s%s", stepNo, text, lineNo > 0 ? "   (line " + lineNo + ")" : ""));
    }

    int step() {
        return step;
    }

    /** @return whether the world is shutting down (reports then say "at world shutdown") */
    boolean atShutdown() {
        return line == 0 && stepText.equals("world shutdown");
    }

    int line() {
        return line;
    }

    /** @return "step N (line L: text)" for reports */
    String here() {
        return "step " + step + (line > 0 ? " (line " + line + ": " + stepText + ")" : " (" + stepText + ")");
    }

    void add(String text) {
        // one line per event: a multi-line detail (an exception's report) is folded onto its line
        lines.add(String.format("%4d    %s", step, text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ')));
    }

    void trace(TraceEvent e) {
        add(e.toString());
        String key = e.owner() + "\u0000" + e.name();
        switch (e.verb()) {
            case TraceEvent.ADD -> {
                Life l = new Life(e.owner(), e.name(), here());
                lives.put(key, l);
                order.add(l);
            }
            case TraceEvent.REL, TraceEvent.DEL -> {
                Life l = lives.get(key);
                if (l != null) {
                    l.released = (e.verb().equals(TraceEvent.REL) ? "released" : "dropped") + " at " + here()
                            + (e.detail().isEmpty() ? "" : ", " + e.detail());
                }
            }
            default -> {
            }
        }
    }

    /** @return the newest resource whose name contains {@code fragment} (and whose owner matches, if given) */
    Life find(String fragment, String owner) {
        return find(fragment, owner, false);
    }

    /**
     * @param released only resources already released (a use-after-release is of one of those, even
     *                 if a newer binding added a resource of the same name since)
     * @return the newest match
     */
    Life find(String fragment, String owner, boolean released) {
        for (int i = order.size() - 1; i >= 0; i--) {
            Life l = order.get(i);
            if (l.name.contains(fragment) && (owner == null || l.owner.equals(owner))
                    && (!released || l.released != null)) {
                return l;
            }
        }
        return null;
    }

    List<String> lines() {
        return lines;
    }
}
