package org.devres4j.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * one, by feeding their events in order to a {@link Builder}, so both get the same picture.
 *
 * <p>A position on the axis is an {@link At}: a column and the event's slot in it (the n-th event of that
 * step), so that the order inside a step — a list released newest first, a finding between two releases —
 * stays visible.
 *
 * <p><b>Lifetime:</b> a value, built once by a {@link Builder} and then only read. <b>Order:</b> columns,
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

    private Timeline(Builder b) {
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

    /**
     * Builds a {@link Timeline} from events fed in the order they happened.
     *
     * <p><b>Lifetime:</b> one per picture. <b>Order:</b> {@link #column} before the events of that column;
     * findings after every event. <b>Concurrency:</b> confined to one thread.
     */
    static final class Builder {
        private final String title;
        private String outcome = "";
        private String outcomeCss = "";
        private final List<String[]> facts = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();
        private final List<Column> columns = new ArrayList<>();
        private final List<Integer> slots = new ArrayList<>();
        private final Map<Owner, Lane> lanes = new LinkedHashMap<>();
        private final List<Milestone> milestones = new ArrayList<>();
        private final List<Finding> findings = new ArrayList<>();
        private final List<Entry> entries = new ArrayList<>();
        private final List<Bar> allBars = new ArrayList<>();
        private final Map<Key, Bar> live = new HashMap<>();
        private final Map<Key, Bar> lastEnded = new HashMap<>();
        private final Map<Integer, At> reportAt = new HashMap<>();
        private int lastGap;

        private record Key(Owner owner, int order) {
        }

        /** @param title the page's title, e.g. the scenario's name */
        Builder(String title) {
            this.title = Objects.requireNonNull(title, "Timeline: the title must not be null");
        }

        /**
         * @param text the outcome in words, e.g. {@code reports}
         * @param css  its colour class suffix, e.g. {@code reports}
         * @return this
         */
        Builder outcome(String text, String css) {
            this.outcome = text;
            this.outcomeCss = css;
            return this;
        }

        /**
         * @param label e.g. {@code seed}
         * @param value e.g. {@code 1}
         * @return this
         */
        Builder fact(String label, String value) {
            facts.add(new String[] {label, value});
            return this;
        }

        /**
         * @param text something that went wrong with the run itself (an unmet expectation, an error)
         * @return this
         */
        Builder problem(String text) {
            problems.add(text);
            return this;
        }

        /**
         * Starts a column: the events that follow belong to it.
         *
         * @param step   its step number
         * @param label  its short label
         * @param script what the step did
         * @param line   its script line, or 0
         * @return this
         */
        Builder column(int step, String label, String script, int line) {
            columns.add(new Column(step, label, script, line, false));
            slots.add(0);
            return this;
        }

        /**
         * A column that stands for events that fell out of the kept window: lifetimes open across it may have
         * ended inside it.
         *
         * @param dropped how many events it stands for
         * @return this
         */
        Builder gap(long dropped) {
            columns.add(new Column(-1, "\u2026", dropped + " event(s) not kept", 0, true));
            slots.add(0);
            lastGap = columns.size() - 1;
            return this;
        }

        private At next() {
            if (columns.isEmpty()) {
                column(0, "0", "setup", 0);
            }
            int c = columns.size() - 1;
            int s = slots.get(c);
            slots.set(c, s + 1);
            return new At(c, s);
        }

        /**
         * The line that starts a step, in the log (the step's own column must have been started).
         *
         * @param step   the step
         * @param script the script line's text
         * @param line   the line number, or 0
         */
        void stepLine(int step, String script, int line) {
            At at = next();
            entries.add(new Entry(at, step, "STEP", Owner.WORLD, 0, Effect.NONE, script, line > 0 ? "line " + line : "",
                    "> " + script + (line > 0 ? "   (line " + line + ")" : ""), 0, true));
        }

        /**
         * One event: a log entry, and where it begins or ends a lifetime, a bar; where it marks a milestone,
         * a milestone.
         *
         * @param step   its step number
         * @param verb   its fixed verb
         * @param owner  whom it concerns
         * @param order  the resource's number, 0 for the owner itself
         * @param effect what it does to the lifetime
         * @param name   what it is about
         * @param detail more, or empty
         * @param text   its one-line text
         * @param report the finding it raised (1-based), or 0
         * @return the entry
         */
        Entry event(int step, String verb, Owner owner, int order, Effect effect, String name, String detail,
                    String text, int report) {
            At at = next();
            Entry e = new Entry(at, step, verb, owner, order, effect, name, detail, text, report, false);
            entries.add(e);
            if (report > 0) {
                reportAt.putIfAbsent(report, at);
            }
            if (owner.kind() != OwnerKind.WORLD) {
                Key k = new Key(owner, order);
                switch (effect) {
                    case BEGIN -> {
                        Bar stale = live.remove(k);
                        if (stale != null) {
                            stale.end = at;   // begun again without an end: the old one ends here
                        }
                        live.put(k, newBar(owner, order, name, at, e, false));
                    }
                    case END, DROP -> {
                        Bar b = live.remove(k);
                        if (b == null) {
                            b = newBar(owner, order, name, new At(lastGap, 0), null, true);   // begun before the window
                        }
                        b.end = at;
                        b.ended = e;
                        b.dropped = effect == Effect.DROP;
                        lastEnded.put(k, b);
                    }
                    case FAIL -> {
                        Bar b = lastEnded.get(k);
                        if (b != null) {
                            b.failed = true;
                        }
                    }
                    case NONE -> {
                    }
                }
            }
            MilestoneKind m = MilestoneKind.of(verb, owner.kind(), effect);
            if (m != null) {
                milestones.add(new Milestone(m, owner, at, e));
            }
            return e;
        }

        private Bar newBar(Owner owner, int order, String name, At at, Entry added, boolean begunBefore) {
            Owner laneOwner = owner.kind() == OwnerKind.HARDWARE ? new Owner(OwnerKind.DEVICE, owner.name()) : owner;
            Lane lane = lanes.computeIfAbsent(laneOwner, Lane::new);
            Bar b = new Bar(allBars.size() + 1, owner, order, name, at, added, begunBefore);
            allBars.add(b);
            if (order == 0 && owner.kind() != OwnerKind.HARDWARE) {
                lane.self.add(b);
            } else {
                lane.bars.add(b);
            }
            return b;
        }

        /**
         * A finding, placed on the bar of the resource it concerns (after every event was fed).
         *
         * @param number        its 1-based number
         * @param kindId        its kind's id, e.g. {@code use-after-unplug}
         * @param title         its kind's title
         * @param object        what it is about
         * @param when          when it was found, in words
         * @param step          the step it was found at, for a finding whose event was not kept; 0 for the end
         * @param fields        label and value pairs, in order
         * @param chain         the reference chain, or empty
         * @param subject       the owner of the resource it concerns, or null
         * @param order         that resource's number
         * @param lifetimeOwner the owner whose release should have ended it, or null
         * @return the finding
         */
        Finding finding(int number, String kindId, String title, String object, String when, int step,
                        List<String[]> fields, List<String> chain, Owner subject, int order, Owner lifetimeOwner) {
            At at = reportAt.get(number);
            if (at == null) {
                at = positionOfStep(step);
            }
            Finding f = new Finding(number, kindId, title, object, when, at, fields, chain);
            findings.add(f);
            if (subject == null) {
                return f;
            }
            Bar bar = null;
            for (Bar b : allBars) {
                if (b.owner.equals(subject) && b.order == order && b.start.compareTo(at) <= 0) {
                    bar = b;   // the newest lifetime of that resource begun by then
                }
            }
            if (bar == null) {
                return f;
            }
            f.bar = bar;
            bar.findings.add(f);
            if (lifetimeOwner != null) {
                for (Milestone m : milestones) {
                    if (m.kind().releasePoint && m.owner().equals(lifetimeOwner) && m.at().compareTo(bar.start) >= 0) {
                        f.ghostEnd = m.at();
                        f.ghostWhy = m.label();
                        break;
                    }
                }
            } else if (bar.end != null && at.compareTo(bar.end) > 0) {
                f.ghostEnd = at;
                f.ghostWhy = "step " + columns.get(at.column()).step();
                f.ghostIsUse = true;
            }
            return f;
        }

        private At positionOfStep(int step) {
            if (step > 0) {
                for (int c = 0; c < columns.size(); c++) {
                    if (columns.get(c).step() == step && !columns.get(c).gap()) {
                        return new At(c, Math.max(0, slots.get(c) - 1));
                    }
                }
            }
            if (columns.isEmpty()) {
                column(0, "0", "setup", 0);
            }
            int last = columns.size() - 1;
            return new At(last, Math.max(0, slots.get(last) - 1));
        }

        /** @return the picture */
        Timeline build() {
            if (columns.isEmpty()) {
                column(0, "0", "nothing happened", 0);
            }
            return new Timeline(this);
        }
    }
}
