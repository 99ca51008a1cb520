package org.devres4j.sim;

import java.util.List;
import java.util.Objects;

/**
 * One sanitizer finding: what was touched, where it was allocated, where and why it was released (or
 * should have been), and which lifetime it should have had.
 *
 * <p><b>Lifetime:</b> a value, made by the simulator while a scenario or fuzz run executes.
 * <b>Order:</b> a run lists its reports in the order they were detected ({@link #step()}).
 * <b>Concurrency:</b> immutable.
 *
 * @param kind       the bug class
 * @param object     the object involved, e.g. {@code connector-state of card0}
 * @param allocated  where it was allocated or mapped (step, script line, lifetime it had)
 * @param released   where and why it was released — or, for a leak, where it should have been (for a
 *                   resource of an ended binding: the unbind that did not release it)
 * @param shouldHave the lifetime it should have had, e.g. {@code drmm}, {@code devm}, {@code refcounted}
 * @param detail     what happened, in one or two sentences
 * @param chain      the reference chain that holds it (leaks and loops); empty otherwise
 * @param step       the step number at which it was detected (1-based), 0 at world shutdown
 * @param line       the script line of that step, or 0
 * @param subject    the one resource it concerns, as the events name it, or null when it concerns no single
 *                   resource of a list (a name registered twice, an object used after its last put)
 */
public record Report(ReportKind kind, String object, String allocated, String released, String shouldHave,
                     String detail, List<String> chain, int step, int line, Subject subject) {

    /**
     * The resource a report concerns, in the typed terms of the {@link Event}s — {@code (owner, order)} as
     * its {@code ADD} named it — and the owner whose release should have ended its lifetime, so that a
     * picture of the run can put the finding on that resource's bar and draw the lifetime it should have
     * had beside it (the HTML timeline's ghost bar).
     *
     * <p><b>Lifetime / order / concurrency:</b> an immutable value.
     *
     * @param owner         the owner of the list it is on (a device's devres list, a DRM device's drmm list,
     *                      another list), or the owner itself when {@code order} is 0
     * @param order         its registration number on that owner, 0 for the owner itself
     * @param lifetimeOwner the owner whose release should have ended it: the device whose unbind should have
     *                      undone a hardware mapping that a DRM device's drmm list held, the DRM device whose
     *                      last put should have freed software state that a device's devres list held, the
     *                      device itself when its binding ended without releasing it; null when its own list
     *                      was the right one (an unguarded access) or no single owner is known
     */
    public record Subject(Event.Owner owner, int order, Event.Owner lifetimeOwner) {

        /**
         * Checks the components.
         *
         * @param owner         the owner, not null
         * @param order         the order, at least 0
         * @param lifetimeOwner the owner whose release should have ended it, or null
         */
        public Subject {
            java.util.Objects.requireNonNull(owner, "Report.Subject: the owner must not be null");
            if (order < 0) {
                throw new IllegalArgumentException("Report.Subject of " + owner.name() + ": the order must be at least"
                        + " 0 (0 is the owner itself), got " + order);
            }
        }

        private String toJson() {
            return "{\"owner\":" + Json.str(owner.name()) + ",\"kind\":" + Json.str(owner.kind().id())
                    + ",\"order\":" + order + ",\"lifetimeOwner\":" + (lifetimeOwner == null ? "null"
                    : "{\"owner\":" + Json.str(lifetimeOwner.name()) + ",\"kind\":"
                    + Json.str(lifetimeOwner.kind().id()) + "}") + "}";
        }
    }

    /**
     * Checks and copies the components.
     *
     * @param kind       the kind
     * @param object     the object
     * @param allocated  where allocated
     * @param released   where released
     * @param shouldHave the lifetime it should have had
     * @param detail     the detail
     * @param chain      the chain
     * @param step       the step
     * @param line       the line
     * @param subject    the resource it concerns, or null
     */
    public Report {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(object, "object");
        allocated = allocated == null ? "" : allocated;
        released = released == null ? "" : released;
        shouldHave = shouldHave == null ? "" : shouldHave;
        detail = detail == null ? "" : detail;
        chain = chain == null ? List.of() : List.copyOf(chain);
    }

    /**
     * A report that concerns no single resource of a list ({@link #subject()} null).
     *
     * @param kind       the kind
     * @param object     the object
     * @param allocated  where allocated
     * @param released   where released
     * @param shouldHave the lifetime it should have had
     * @param detail     the detail
     * @param chain      the chain
     * @param step       the step
     * @param line       the line
     */
    public Report(ReportKind kind, String object, String allocated, String released, String shouldHave,
                  String detail, List<String> chain, int step, int line) {
        this(kind, object, allocated, released, shouldHave, detail, chain, step, line, null);
    }

    /** @return the report as people read it, several indented lines */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append("SANITIZER: ").append(kind.title()).append(": ").append(object);
        if (step > 0) {
            sb.append(" (step ").append(step);
            if (line > 0) {
                sb.append(", line ").append(line);
            }
            sb.append(')');
        } else {
            sb.append(" (at world shutdown)");
        }
        if (!detail.isEmpty()) {
            sb.append("\n  what:        ").append(detail);
        }
        if (!allocated.isEmpty()) {
            sb.append("\n  allocated:   ").append(allocated);
        }
        if (!released.isEmpty()) {
            sb.append("\n  released:    ").append(released);
        }
        if (!chain.isEmpty()) {
            sb.append("\n  held by:     ").append(String.join(" -> ", chain));
        }
        if (!shouldHave.isEmpty()) {
            sb.append("\n  should have: ").append(shouldHave);
        }
        return sb.toString();
    }

    /** @return the report as one JSON object; a {@code resource} member only when it has a {@link #subject()} */
    public String toJson() {
        return "{\"kind\":" + Json.str(kind.id())
                + ",\"title\":" + Json.str(kind.title())
                + ",\"object\":" + Json.str(object)
                + ",\"allocated\":" + Json.str(allocated)
                + ",\"released\":" + Json.str(released)
                + ",\"shouldHave\":" + Json.str(shouldHave)
                + ",\"detail\":" + Json.str(detail)
                + ",\"chain\":" + Json.strings(chain)
                + ",\"step\":" + step
                + ",\"line\":" + line
                + (subject == null ? "" : ",\"resource\":" + subject.toJson()) + "}";
    }
}
