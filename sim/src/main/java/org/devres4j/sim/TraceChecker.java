package org.devres4j.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.devres4j.core.TraceEvent;

/**
 * Checks the lifetime invariants on the stream of trace events: every resource added is released
 * (or removed) exactly once, and a batch of releases of one list runs newest first (LIFO). Bounded by
 * what is alive: an owner whose resources are all gone is forgotten; only the first
 * {@value #KEPT} violations are kept (the fuzzer stops at the first).
 *
 * <p><b>Lifetime:</b> one per world. <b>Order:</b> events in the order they happen.
 * <b>Concurrency:</b> single-threaded.
 */
final class TraceChecker {

    /** How many violations are kept. */
    static final int KEPT = 100;

    /** What kind of rule an event broke. */
    enum Rule {
        /** A resource added while a resource with its number is still live on the same owner. */
        ADDED_TWICE("added-twice"),
        /** A release or removal of a resource that is not live: released twice, or never added. */
        NOT_LIVE("not-live"),
        /** A batch of releases of one list not newest first. */
        LIFO("lifo");

        final String id;

        Rule(String id) {
            this.id = id;
        }
    }

    /**
     * One broken invariant.
     *
     * @param rule  the rule
     * @param verb  the verb of the offending event
     * @param owner the list's owner
     * @param order the resource's registration number
     * @param name  the resource's name
     * @param other for {@link Rule#LIFO}, the number released just before it; else 0
     */
    record Violation(Rule rule, String verb, String owner, int order, String name, int other) {

        /** @return the violation as people read it */
        String text() {
            return switch (rule) {
                case ADDED_TWICE -> "ADD of " + owner + " #" + order + " (" + name + ") while #" + order
                        + " is still live";
                case NOT_LIVE -> verb + " of " + owner + " #" + order + " (" + name
                        + ") that is not live: released twice, or never added";
                case LIFO -> "LIFO broken on " + owner + ": #" + order + " (" + name + ") released after #" + other
                        + " in the same batch";
            };
        }
    }

    private final Map<String, TreeSet<Integer>> live = new HashMap<>();
    private final List<Violation> violations = new ArrayList<>();
    private long violationCount;
    private String lastRelOwner;
    private int lastRelOrder;

    /** @return the violation found in this event, or null */
    Violation check(TraceEvent e) {
        String verb = e.verb();
        boolean rel = verb.equals(TraceEvent.REL);
        if (e.order() <= 0 || !(rel || verb.equals(TraceEvent.ADD) || verb.equals(TraceEvent.DEL))) {
            if (!verb.equals(TraceEvent.FAIL)) {
                lastRelOwner = null;   // another event between two releases: not one batch
            }
            return null;
        }
        Violation v = null;
        if (verb.equals(TraceEvent.ADD)) {
            if (!live.computeIfAbsent(e.owner(), k -> new TreeSet<>()).add(e.order())) {
                v = new Violation(Rule.ADDED_TWICE, verb, e.owner(), e.order(), e.name(), 0);
            }
            lastRelOwner = null;
        } else {
            TreeSet<Integer> set = live.get(e.owner());
            if (set == null || !set.remove(e.order())) {
                v = new Violation(Rule.NOT_LIVE, verb, e.owner(), e.order(), e.name(), 0);
            } else if (set.isEmpty()) {
                live.remove(e.owner());
            }
            if (rel && e.owner().equals(lastRelOwner) && e.order() > lastRelOrder) {
                v = new Violation(Rule.LIFO, verb, e.owner(), e.order(), e.name(), lastRelOrder);
            }
            lastRelOwner = rel ? e.owner() : null;
            lastRelOrder = e.order();
        }
        if (v != null) {
            violationCount++;
            if (violations.size() < KEPT) {
                violations.add(v);
            }
        }
        return v;
    }

    /** @return resources added and never released nor removed, as {@code owner #order}, sorted */
    List<String> unreleased() {
        List<String> out = new ArrayList<>();
        live.forEach((owner, set) -> set.forEach(o -> out.add(owner + " #" + o)));
        out.sort(null);
        return out;
    }

    /** @return the first violations found (at most {@value #KEPT}) */
    List<Violation> violations() {
        return violations;
    }

    /** @return how many violations were found in all */
    long violationCount() {
        return violationCount;
    }
}
