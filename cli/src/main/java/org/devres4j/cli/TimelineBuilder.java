package org.devres4j.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.devres4j.cli.Timeline.At;
import org.devres4j.cli.Timeline.Bar;
import org.devres4j.cli.Timeline.Column;
import org.devres4j.cli.Timeline.Entry;
import org.devres4j.cli.Timeline.Finding;
import org.devres4j.cli.Timeline.Lane;
import org.devres4j.cli.Timeline.Milestone;
import org.devres4j.cli.Timeline.MilestoneKind;
import org.devres4j.sim.Event.Effect;
import org.devres4j.sim.Event.Owner;
import org.devres4j.sim.Event.OwnerKind;

/**
 * Builds a {@link Timeline} from events fed in the order they happened.
 *
 * <p><b>Lifetime:</b> one per picture. <b>Order:</b> {@link #column} before the events of that column;
 * findings after every event. <b>Concurrency:</b> confined to one thread.
 */
final class TimelineBuilder {
    // read once by Timeline's constructor (same package); nothing else touches them
    final String title;
    String outcome = "";
    String outcomeCss = "";
    final List<String[]> facts = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    final List<Column> columns = new ArrayList<>();
    final List<Integer> slots = new ArrayList<>();
    final Map<Owner, Lane> lanes = new LinkedHashMap<>();
    final List<Milestone> milestones = new ArrayList<>();
    final List<Finding> findings = new ArrayList<>();
    final List<Entry> entries = new ArrayList<>();
    final List<Bar> allBars = new ArrayList<>();
    private final Map<Key, Bar> live = new HashMap<>();
    private final Map<Key, Bar> lastEnded = new HashMap<>();
    private final Map<Integer, At> reportAt = new HashMap<>();
    private int lastGap;

    private record Key(Owner owner, int order) {
    }

    /** @param title the page's title, e.g. the scenario's name */
    TimelineBuilder(String title) {
        this.title = Objects.requireNonNull(title, "Timeline: the title must not be null");
    }

    /**
     * @param text the outcome in words, e.g. {@code reports}
     * @param css  its colour class suffix, e.g. {@code reports}
     * @return this
     */
    TimelineBuilder outcome(String text, String css) {
        this.outcome = text;
        this.outcomeCss = css;
        return this;
    }

    /**
     * @param label e.g. {@code seed}
     * @param value e.g. {@code 1}
     * @return this
     */
    TimelineBuilder fact(String label, String value) {
        facts.add(new String[] {label, value});
        return this;
    }

    /**
     * @param text something that went wrong with the run itself (an unmet expectation, an error)
     * @return this
     */
    TimelineBuilder problem(String text) {
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
    TimelineBuilder column(int step, String label, String script, int line) {
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
    TimelineBuilder gap(long dropped) {
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
        FindingPlacement.place(f, subject, order, lifetimeOwner, allBars, milestones, columns);
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
