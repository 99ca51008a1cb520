package org.devres4j.core;

import java.util.List;
import java.util.Objects;

/**
 * What an owner still holds: its live resources, oldest first. An owner that should be empty (a
 * device after unbind, a world at shutdown) prints this to say what leaked.
 *
 * <p><b>Lifetime:</b> a snapshot; it does not keep the resources alive. <b>Order:</b> oldest first,
 * which is registration order. <b>Concurrency:</b> immutable.
 *
 * @param ownerName the owner
 * @param entries   the live resources, oldest first
 */
public record LeakReport(String ownerName, List<Entry> entries) {

    /**
     * One held resource.
     *
     * @param kind        what it is: {@code action}, {@code managed}, {@code buffer}, {@code group}
     * @param name        its name
     * @param order       its registration number on the list, or 0 if it was added while nobody listened
     *                    (outside debug mode)
     * @param allocatedAt the stack where it was added, when {@link Diagnostics#captureStacks()} was
     *                    on; otherwise null
     */
    public record Entry(String kind, String name, int order, String allocatedAt) {
    }

    /**
     * Creates a report.
     *
     * @param ownerName the owner
     * @param entries   the live resources, oldest first
     */
    public LeakReport {
        Objects.requireNonNull(ownerName, "ownerName");
        entries = List.copyOf(entries);
    }

    /** @return whether nothing is held */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** @return a readable report, one line per resource */
    @Override
    public String toString() {
        if (entries.isEmpty()) {
            return ownerName + " holds nothing";
        }
        long markers = entries.stream().filter(e -> e.kind().equals("group")).count();
        long resources = entries.size() - markers;
        StringBuilder sb = new StringBuilder();
        sb.append(ownerName).append(" still holds ").append(resources).append(resources == 1 ? " resource" : " resources");
        if (markers > 0) {
            sb.append(" and ").append(markers).append(markers == 1 ? " group marker" : " group markers");
        }
        sb.append(" (oldest first):");
        for (Entry e : entries) {
            sb.append("\n  ").append(e.order() != 0 ? "#" + e.order() + " " : "").append(e.kind()).append(' ').append(e.name());
            if (e.allocatedAt() != null) {
                sb.append("\n    added at ").append(e.allocatedAt().replace("\n", "\n    "));
            }
        }
        return sb.toString();
    }
}
