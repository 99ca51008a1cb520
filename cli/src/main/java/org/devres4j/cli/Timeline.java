package org.devres4j.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.devres4j.sim.Event.Effect;
import org.devres4j.sim.Event.Owner;
import org.devres4j.sim.Event.OwnerKind;

/**
 * The lifetime picture of a run, as data: steps along one axis ({@link Column}s), one {@link Bar} per
 * lifetime — from the event that began it to the one that ended it, or open to the end — grouped in
 * {@link Lane}s by owner, {@link Milestone}s across all lanes (plug, bind, unbind, unplug, remove, last put,
 * final free), {@link Finding}s placed on the bar they concern with the lifetime that resource should have
 * had, and the full event log ({@link Entry}s). {@link TimelineHtml} draws it; a simulated run
 * ({@link RunTimeline}) and a {@code watch} of real devices ({@link WatchTimeline}) are both turned into
 * one, by feeding their events in order to a {@link TimelineBuilder}, so both get the same picture
 * ({@link FindingPlacement} puts the findings on their bars).
 *
 * <p>A position on the axis is an {@link At}: a column and the event's slot in it (the n-th event of that
 * step), so that the order inside a step — a list released newest first, a finding between two releases —
 * stays visible.
 *
 * <p><b>Lifetime:</b> a value, built once by a {@link TimelineBuilder} and then only read. <b>Order:</b> columns,
 * bars of a lane, milestones and entries in the order their events happened; lanes in the order their owners
 * first appeared, a device's hardware in the device's lane. <b>Concurrency:</b> not thread-safe while built;
 * read-only afterwards, confined to the thread that renders it.
 */
final class Timeline {

    /**
     * @param verb an event's fixed verb
     * @return whether its events are name bookkeeping ({@code NS}, {@code PUBLISH}, {@code WITHDRAW},
     *         {@code STAT}); the log collapses runs of them
     */
    static boolean isBookkeeping(String verb) {
        return switch (verb) {
            case "NS", "PUBLISH", "WITHDRAW", "STAT" -> true;
            default -> false;
        };
    }

    /**
     * The milestones drawn across all lanes, and the verbs (fixed words of the event vocabulary) that mark
     * them. Those that end a binding or a DRM device's life are also the release points a ghost bar ends at.
     */
    enum MilestoneKind {
        PLUG("PLUG", OwnerKind.HARDWARE, Effect.BEGIN, "plug", false),
        BIND("BIND", OwnerKind.DEVICE, null, "bind", false),
        UNBIND("UNBIND", OwnerKind.DEVICE, null, "unbind", true),
        UNPLUG("UNPLUG", OwnerKind.HARDWARE, null, "unplug", false),
        REMOVE("DEVICE-DEL", OwnerKind.DEVICE, null, "remove", true),
        LAST_PUT("RELEASE", OwnerKind.DRM, null, "last put", true),
        FINAL_FREE("FREE", OwnerKind.DRM, null, "final free", true);

        final String verb;
        final OwnerKind ownerKind;
        final Effect effect;
        final String label;
        /** whether it is the end of a binding or of a DRM device: where a lifetime tied to that owner ends */
        final boolean releasePoint;

        MilestoneKind(String verb, OwnerKind ownerKind, Effect effect, String label, boolean releasePoint) {
            this.verb = verb;
            this.ownerKind = ownerKind;
            this.effect = effect;
            this.label = label;
            this.releasePoint = releasePoint;
        }

        /** @return the milestone an event marks, or null */
        static MilestoneKind of(String verb, OwnerKind kind, Effect effect) {
            for (MilestoneKind m : values()) {
                if (m.verb.equals(verb) && m.ownerKind == kind && (m.effect == null || m.effect == effect)) {
                    return m;
                }
            }
            return null;
        }

        String css() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * One step of the axis.
     *
     * @param step   the step number it shows (for a watch: the column's number)
     * @param label  the short label over the column, e.g. {@code 5} or {@code 1.250 s}
     * @param script what the step did, e.g. {@code unplug vgpu0}
     * @param line   its script line, 0 if none
     * @param gap    whether it stands for events that fell out of the kept window
     */
    record Column(int step, String label, String script, int line, boolean gap) {
    }

    /**
     * A position on the axis.
     *
     * @param column the column
     * @param slot   the event's number inside the column, from 0
     */
    record At(int column, int slot) implements Comparable<At> {
        @Override
        public int compareTo(At o) {
            return column != o.column ? Integer.compare(column, o.column) : Integer.compare(slot, o.slot);
        }
    }

    /**
     * One event of the log.
     *
     * @param at       where it happened
     * @param step     the step number it belongs to
     * @param verb     its fixed verb
     * @param owner    whom it concerns
     * @param order    the resource's number on the owner, 0 for the owner itself or none
     * @param effect   what it does to that lifetime
     * @param name     what it is about
     * @param detail   more about it, or empty
     * @param text     its one-line text form, for the log's hover and the bars' details
     * @param report   the finding it raised (1-based), or 0
     * @param stepLine whether it is the line that starts a step (the script line), not an event of the model
     */
    record Entry(At at, int step, String verb, Owner owner, int order, Effect effect, String name, String detail,
                 String text, int report, boolean stepLine) {

        boolean bookkeeping() {
            return isBookkeeping(verb);
        }
    }

    /** One lifetime: from the event that began it to the one that ended it, or open. */
    static final class Bar {
        final int id;
        final Owner owner;
        final int order;
        final String name;
        final At start;
        final Entry added;
        final boolean begunBefore;
        At end;
        Entry ended;
        boolean dropped;
        boolean failed;
        final List<Finding> findings = new ArrayList<>();

        Bar(int id, Owner owner, int order, String name, At start, Entry added, boolean begunBefore) {
            this.id = id;
            this.owner = owner;
            this.order = order;
            this.name = name;
            this.start = start;
            this.added = added;
            this.begunBefore = begunBefore;
        }

        /** @return whether it is still alive at the end of what was kept */
        boolean open() {
            return end == null;
        }
    }

    /**
     * An event drawn across all lanes.
     *
     * @param kind  which
     * @param owner the owner it concerns
     * @param at    where
     * @param entry its event
     */
    record Milestone(MilestoneKind kind, Owner owner, At at, Entry entry) {
        String label() {
            return kind.label + " " + owner.name();
        }
    }

    /** A sanitizer finding, on the bar of the resource it concerns when there is one. */
    static final class Finding {
        final int number;
        final String kindId;
        final String title;
        final String object;
        final String when;
        final At at;
        final List<String[]> fields;
        final List<String> chain;
        Bar bar;
        /** where the lifetime it should have had ends, or null for no ghost bar */
        At ghostEnd;
        /** why the ghost ends there, e.g. {@code unbind vgpu0}, or {@code step 3} for a use after the release */
        String ghostWhy = "";
        /** whether the ghost ends at a use of the resource (it should have lived that long), not at a release point */
        boolean ghostIsUse;

        /**
         * @return the lifetime it should have had, in words: {@code should have ended at unbind vgpu0}, or
         *         {@code should have lived until its use at step 3}; empty without a ghost bar
         */
        String ghostPhrase() {
            if (ghostEnd == null) {
                return "";
            }
            return ghostIsUse ? "should have lived until its use at " + ghostWhy : "should have ended at " + ghostWhy;
        }

        /** @return the ghost bar's short label: {@code should end: unbind vgpu0} or {@code needed until: step 3} */
        String ghostLabel() {
            return (ghostIsUse ? "needed until: " : "should end: ") + ghostWhy;
        }

        Finding(int number, String kindId, String title, String object, String when, At at, List<String[]> fields,
                List<String> chain) {
            this.number = number;
            this.kindId = kindId;
            this.title = title;
            this.object = object;
            this.when = when;
            this.at = at;
            this.fields = List.copyOf(fields);
            this.chain = List.copyOf(chain);
        }
    }

    /** The bars of one owner — and, for a device, of its hardware. */
    static final class Lane {
        final Owner owner;
        /** the owner's own lifetimes (order 0): a device from add to free, a process from spawn to exit */
        final List<Bar> self = new ArrayList<>();
        /** its resources, in the order they began */
        final List<Bar> bars = new ArrayList<>();

        Lane(Owner owner) {
            this.owner = owner;
        }
    }

    final String title;
    final String outcome;
    final String outcomeCss;
    final List<String[]> facts;
    final List<String> problems;
    final List<Column> columns;
    final int[] slots;
    final List<Lane> lanes;
    final List<Milestone> milestones;
    final List<Finding> findings;
    final List<Entry> entries;
    final List<Bar> bars;

    /** @param b the builder, after every event and finding was fed (reads its state once) */
    Timeline(TimelineBuilder b) {
        this.title = b.title;
        this.outcome = b.outcome;
        this.outcomeCss = b.outcomeCss;
        this.facts = List.copyOf(b.facts);
        this.problems = List.copyOf(b.problems);
        this.columns = List.copyOf(b.columns);
        this.slots = new int[b.slots.size()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = b.slots.get(i);
        }
        this.lanes = List.copyOf(b.lanes.values());
        this.milestones = List.copyOf(b.milestones);
        this.findings = List.copyOf(b.findings);
        this.entries = Collections.unmodifiableList(b.entries);
        this.bars = List.copyOf(b.allBars);
    }

    /**
     * @param at a position
     * @return where it lies inside its column, between 0 and 1 exclusive (events spread evenly, in order)
     */
    double fraction(At at) {
        int n = Math.max(1, slots[at.column()]);
        return 0.06 + 0.88 * (at.slot() + 0.5) / n;
    }

    /** @return how many bars began inside the kept events: one per event that begins a lifetime */
    long beginEvents() {
        return entries.stream().filter(e -> e.effect() == Effect.BEGIN).count();
    }
}
