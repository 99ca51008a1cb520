package org.devres4j.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.devres4j.core.TraceEvent;

/**
 * Checks the lifetime invariants on the stream of trace events: every resource added is released
 * (or removed) exactly once, and a batch of releases of one list runs newest first (LIFO). Single
 * threaded.
 */
final class TraceChecker {

    private final Map<String, TreeSet<Integer>> live = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private String lastRelOwner;
    private int lastRelOrder;

    /** @return a violation found in this event, or null */
    String check(TraceEvent e) {
        String verb = e.verb();
        boolean rel = verb.equals(TraceEvent.REL);
        if (e.order() <= 0 || !(rel || verb.equals(TraceEvent.ADD) || verb.equals(TraceEvent.DEL))) {
            if (!verb.equals(TraceEvent.FAIL)) {
                lastRelOwner = null;   // another event between two releases: not one batch
            }
            return null;
        }
        TreeSet<Integer> set = live.computeIfAbsent(e.owner(), k -> new TreeSet<>());
        String v = null;
        if (verb.equals(TraceEvent.ADD)) {
            if (!set.add(e.order())) {
                v = "ADD of " + e.owner() + " #" + e.order() + " (" + e.name() + ") while #" + e.order() + " is still live";
            }
            lastRelOwner = null;
        } else {
            if (!set.remove(e.order())) {
                v = verb + " of " + e.owner() + " #" + e.order() + " (" + e.name()
                        + ") that is not live: released twice, or never added";
            }
            if (rel && e.owner().equals(lastRelOwner) && e.order() > lastRelOrder) {
                v = "LIFO broken on " + e.owner() + ": #" + e.order() + " (" + e.name() + ") released after #"
                        + lastRelOrder + " in the same batch";
            }
            lastRelOwner = rel ? e.owner() : null;
            lastRelOrder = e.order();
        }
        if (v != null) {
            violations.add(v);
        }
        return v;
    }

    /** @return resources added and never released nor removed, as {@code owner #order} */
    List<String> unreleased() {
        List<String> out = new ArrayList<>();
        live.forEach((owner, set) -> set.forEach(o -> out.add(owner + " #" + o)));
        out.sort(null);
        return out;
    }

    List<String> violations() {
        return violations;
    }
}
