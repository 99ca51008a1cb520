package org.devres4j.sim;

import java.util.ArrayList;
import java.util.List;

import org.devres4j.core.TraceEvent;

/**
 * What one step released, in order: every resource of a devres, drmm or other list whose release ran
 * ({@code REL}) while the step ran — its own work, the reactions it caused, the workloads' calls — as
 * {@code owner} and name. {@code expect released} checks the previous step's against it. Bounded: a step
 * keeps its first {@value #KEPT} releases and counts the rest.
 *
 * <p><b>Lifetime:</b> one per world, emptied when a step starts. <b>Order:</b> releases in the order they
 * ran. <b>Concurrency:</b> single-threaded, like the world (a driver's worker releases only while the step
 * waits for it).
 */
final class StepReleases {

    /** How many releases of one step are kept. */
    static final int KEPT = 10_000;

    /**
     * One release.
     *
     * @param owner the list's owner, e.g. {@code vgpu0} (a devres list) or {@code card0} (a drmm list)
     * @param name  the resource's name, e.g. {@code vgpu hw fini}
     */
    record Release(String owner, String name) {
    }

    private final List<Release> released = new ArrayList<>();
    private long dropped;

    /** A new step starts: forget the last one's releases. */
    void clear() {
        released.clear();
        dropped = 0;
    }

    /** Keeps a kernel lifetime event if it is a release that ran. */
    void add(TraceEvent e) {
        if (e.order() <= 0 || !e.verb().equals(TraceEvent.REL)) {
            return;
        }
        if (released.size() < KEPT) {
            released.add(new Release(e.owner(), e.name()));
        } else {
            dropped++;
        }
    }

    /** @return the releases kept, in order */
    List<Release> list() {
        return released;
    }

    /** @return how many releases of the step were not kept */
    long dropped() {
        return dropped;
    }

    /**
     * Checks that {@code owner}'s resources named {@code names} were released, in this order (other releases
     * may come between them).
     *
     * @return null if they were, else what was released instead
     */
    String check(String owner, List<String> names) {
        int at = 0;
        for (Release r : released) {
            if (at < names.size() && r.owner().equals(owner) && r.name().equals(names.get(at))) {
                at++;
            }
        }
        if (at == names.size()) {
            return null;
        }
        List<String> ofOwner = released.stream().filter(r -> r.owner().equals(owner)).map(Release::name).toList();
        String missing = "'" + names.get(at) + "'" + (at > 0 ? " after '" + names.get(at - 1) + "'" : "");
        return "no release of " + missing + " on " + owner + "'s list; the step released "
                + (ofOwner.isEmpty() ? "nothing of " + owner : "on " + owner + ", in order: " + String.join(", ", ofOwner))
                + otherOwners(owner, names.get(at))
                + (dropped > 0 ? " (and " + dropped + " more releases than a step keeps)" : "");
    }

    /** @return where a resource of that name was released instead, if on another list */
    private String otherOwners(String owner, String name) {
        List<String> others = released.stream().filter(r -> !r.owner().equals(owner) && r.name().equals(name))
                .map(Release::owner).distinct().toList();
        return others.isEmpty() ? "" : "; '" + name + "' was released on " + String.join(", ", others) + "'s list";
    }
}
