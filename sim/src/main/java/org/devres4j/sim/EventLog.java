package org.devres4j.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.devres4j.core.TraceEvent;
import org.devres4j.sim.Event.Effect;
import org.devres4j.sim.Event.Owner;
import org.devres4j.sim.Event.OwnerKind;

/**
 * The world's event log: every {@link Event} the world, the bus, the DRM layer and userspace make, in
 * order, tagged with the step that caused it. It keeps a bounded window — the first
 * {@code headCapacity} events and the newest {@code tailCapacity} — and counts what fell out in
 * between; every event also goes to the run's {@link EventListener} at once, so a caller can stream
 * a run of any length. Kernel lifetime events also feed the {@link Lifetimes} index the reports
 * quote.
 *
 * <p><b>Lifetime:</b> one per world. <b>Order:</b> events in the order they happened.
 * <b>Concurrency:</b> single-threaded: the world runs one step at a time (a driver's worker thread
 * emits only while the step that started it waits for it). Deterministic: no times, no identity
 * hashes.
 */
final class EventLog {

    private static final System.Logger LOG = System.getLogger(EventLog.class.getName());

    private final List<Event> head = new ArrayList<>();
    private final ArrayDeque<Event> tail = new ArrayDeque<>();
    private final int headCapacity;
    private final int tailCapacity;
    private final Lifetimes lifetimes = new Lifetimes();
    private EventListener listener;
    private long dropped;
    private long total;
    private int step;
    private int line;
    private String stepText = "setup";
    private boolean shutdown;

    EventLog(int headCapacity, int tailCapacity, EventListener listener) {
        if (headCapacity < 0 || tailCapacity < 1) {
            throw new IllegalArgumentException("event log: capacities must be head >= 0 and tail >= 1, got "
                    + headCapacity + " and " + tailCapacity);
        }
        this.headCapacity = headCapacity;
        this.tailCapacity = tailCapacity;
        this.listener = listener == null ? EventListener.NONE : listener;
    }

    /** Starts step {@code stepNo} (script line {@code lineNo}, 0 if none), described by its script text. */
    void beginStep(int stepNo, int lineNo, String text) {
        this.step = stepNo;
        this.line = lineNo;
        this.stepText = text;
        add(new Event(stepNo, lineNo, Event.STEP, Owner.WORLD, 0, Effect.NONE, text, "", 0));
    }

    /** Starts the world shutdown, the last step: reports made in it say "at world shutdown". */
    void beginShutdown(int stepNo) {
        beginStep(stepNo, 0, "world shutdown");
        shutdown = true;
    }

    int step() {
        return step;
    }

    int line() {
        return line;
    }

    boolean atShutdown() {
        return shutdown;
    }

    /** @return "step N (line L: text)", for reports */
    String here() {
        return "step " + step + (line > 0 ? " (line " + line + ": " + stepText + ")" : " (" + stepText + ")");
    }

    /** An event of the world itself (no owner). */
    void world(String verb, String name, String detail) {
        emit(verb, Owner.WORLD, 0, Effect.NONE, name, detail);
    }

    /** An event about an owner. */
    void emit(String verb, Owner owner, int order, Effect effect, String name, String detail) {
        add(new Event(step, line, verb, owner, order, effect, name, detail, 0));
    }

    /** The event of a sanitizer finding; {@code report} is its 1-based number, 0 for a repeat. */
    void sanitizer(int report, String name, String detail) {
        add(new Event(step, line, Event.SANITIZER, Owner.WORLD, 0, Effect.NONE, name, detail, report));
    }

    /**
     * A lifetime event of the kernel model, from a listener that knows which kind of owner it serves
     * (the bus: devices; a DRM driver: DRM devices; another list: {@link OwnerKind#LIST}).
     */
    void kernel(OwnerKind kind, TraceEvent e) {
        Effect effect = Effect.ofKernelVerb(e.verb());
        if (e.order() > 0) {
            switch (effect) {
                case BEGIN -> lifetimes.added(kind, e.owner(), e.order(), e.name(), here());
                case END, DROP -> lifetimes.ended(e.owner(), e.order(), effect == Effect.END, here(), e.detail());
                default -> {
                }
            }
        }
        add(new Event(step, line, e.verb(), new Owner(kind, e.owner()), e.order(), effect, e.name(), e.detail(), 0));
    }

    private void add(Event e) {
        total++;
        if (head.size() < headCapacity) {
            head.add(e);
        } else {
            if (tail.size() == tailCapacity) {
                tail.removeFirst();
                dropped++;
            }
            tail.addLast(e);
        }
        SimJfrEvent.commit(e);
        if (listener != EventListener.NONE) {
            try {
                listener.onEvent(e);
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.WARNING, "the run's event listener threw on '" + EventText.line(e)
                        + "'; it is not called again in this run", ex);
                listener = EventListener.NONE;
            }
        }
    }

    /** @return the kept window: the first events, then the newest ones */
    List<Event> events() {
        List<Event> out = new ArrayList<>(head.size() + tail.size());
        out.addAll(head);
        out.addAll(tail);
        return out;
    }

    /** @return how many events fell out of the window, between its head and its tail */
    long dropped() {
        return dropped;
    }

    /** @return how many events the run made */
    long total() {
        return total;
    }

    Lifetimes lifetimes() {
        return lifetimes;
    }
}
