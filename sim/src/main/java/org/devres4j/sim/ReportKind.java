package org.devres4j.sim;

/**
 * The bug classes the sanitizer reports, one per row of DESIGN.md's table.
 *
 * <p><b>Lifetime:</b> constants. <b>Order:</b> declaration order is the order reports are listed in
 * summaries. <b>Concurrency:</b> immutable.
 */
public enum ReportKind {
    /** A software object ({@code Managed} value, KMS state, bridge) used after its list released it. */
    USE_AFTER_RELEASE("use-after-release", "software use-after-release"),
    /** An MMIO access to a range that was unmapped, or that now belongs to another device. */
    USE_AFTER_UNPLUG("use-after-unplug", "hardware use-after-unplug"),
    /** An MMIO access outside drm_dev_enter/exit and outside probe/remove. */
    UNGUARDED_ACCESS("unguarded-access", "unguarded hardware access"),
    /**
     * An object still alive when it should be gone, with what holds it. Two checks produce it: at world
     * shutdown, every device, DRM device, mapping, IRQ line and name must be gone; and whenever a binding
     * ends (sysfs unbind, driver unload, a failed probe) the device's devres list must be empty (DESIGN.md invariant 4) —
     * anything still on it is a resource of an ended binding (seed 000's "option 2", policy
     * {@code release-at-deletion}): it would pile up with every unbind/rebind cycle. That second check
     * reports once per ended binding that leaves something, naming the held resources and the count of
     * ended bindings; it never fires under the current policy.
     */
    LEAK("leak", "leak"),
    /** A chain of references that leads back to where it started: nothing can ever free it. */
    REFERENCE_LOOP("reference-loop", "reference loop"),
    /** A sysfs or /dev name registered while the same name was still registered. */
    EEXIST("eexist", "EEXIST on re-registration");

    private final String id;
    private final String title;

    ReportKind(String id, String title) {
        this.id = id;
        this.title = title;
    }

    /** @return the short id scripts and JSON use, e.g. {@code use-after-release} */
    public String id() {
        return id;
    }

    /** @return the title people read, e.g. {@code software use-after-release} */
    public String title() {
        return title;
    }

    /**
     * Finds a kind by its {@link #id()}.
     *
     * @param id the id, e.g. {@code use-after-unplug}
     * @return the kind
     * @throws IllegalArgumentException naming the id and the known ones, if there is none
     */
    public static ReportKind byId(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("unknown report kind " + Syntax.quote(id)
                + ": expected one of " + ids()));
    }

    /**
     * @param id an id, e.g. {@code leak}
     * @return the kind with that id, or empty
     */
    public static java.util.Optional<ReportKind> find(String id) {
        for (ReportKind k : values()) {
            if (k.id.equals(id)) {
                return java.util.Optional.of(k);
            }
        }
        return java.util.Optional.empty();
    }

    /** @return every id, comma separated */
    public static String ids() {
        StringBuilder sb = new StringBuilder();
        for (ReportKind k : values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(k.id);
        }
        return sb.toString();
    }
}
