package org.devres4j.core;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Finds reference-counted objects and open handles that became unreachable without their last put or
 * close — after Netty's {@code ResourceLeakDetector}, with {@link Cleaner}. Whatever such an object
 * held (a native handle, a device reference, a gate section) is never released; the report says where
 * it was allocated and, in debug mode, the touches that last held it.
 *
 * <p><b>Lifetime:</b> an object is tracked from {@link #track(Object, String)} until its tracker is
 * {@linkplain Tracker#close() closed} (its last put); if the garbage collector finds it unreachable
 * first, it is reported once, and never again. The detector itself lives as long as its users keep it.
 * <b>Order:</b> a leak is reported after the collector found the object, on the cleaner's thread
 * ({@code devres4j-leak-detector}): through {@link System.Logger} (logger {@code org.devres4j.leak},
 * ERROR), as one JDK Flight Recorder event {@code devres4j.Leak} whenever a recording enables it,
 * then to this detector's listeners and to the global ones, in registration order.
 * <b>Concurrency:</b> every method is safe from any thread; a listener that throws is logged and does
 * not stop the others.
 *
 * <p><b>Modes:</b> {@link Mode#SAMPLED} (the default) tracks one object in
 * {@link #samplingInterval()} and records only where it was allocated: cheap enough to leave on.
 * {@link Mode#DEBUG} tracks every object and also keeps its last {@value #MAX_TOUCHES}
 * {@linkplain Tracker#touch(Object) touches} — the gets, puts and holders that last had it.
 * {@link Mode#DISABLED} tracks nothing. {@link #create(String)} reads the mode from
 * {@code -Ddevres4j.leakDetection=disabled|sampled|debug}, else debug when
 * {@code -Ddevres4j.debug=true}, else sampled; the interval from
 * {@code -Ddevres4j.leakDetection.samplingInterval} (default {@value #DEFAULT_SAMPLING_INTERVAL}).
 *
 * <pre>{@code
 * static final LeakDetector LEAKS = LeakDetector.create("native context");
 * final class Context implements AutoCloseable {
 *     private final LeakDetector.Tracker tracker = LEAKS.track(this, "ctx-7");
 *     public void close() { tracker.close(); freeNative(); }
 * }
 * }</pre>
 */
public final class LeakDetector {

    /** How much a detector tracks. */
    public enum Mode {
        /** Nothing is tracked. */
        DISABLED,
        /** One object in the sampling interval, with its allocation site. */
        SAMPLED,
        /** Every object, with its allocation site and its last touches. */
        DEBUG
    }

    /** The sampling interval when none is given. */
    public static final int DEFAULT_SAMPLING_INTERVAL = 128;

    /** How many touches a tracked object keeps in debug mode; older ones are dropped and counted. */
    public static final int MAX_TOUCHES = 16;

    private static final System.Logger LOG = System.getLogger("org.devres4j.leak");
    private static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "devres4j-leak-detector");
        t.setDaemon(true);
        return t;
    });
    private static final List<Consumer<? super Leak>> GLOBAL = new CopyOnWriteArrayList<>();
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final int MAX_FRAMES = 24;
    /** The classes whose frames sit between a tracked object's code and {@link #stackHere()}. */
    private static final Set<Class<?>> TRACKING_FRAMES = Set.of(LeakDetector.class, TrackerState.class,
            TrackedRefCount.class, GatedUnpluggable.class);

    private final String resourceType;
    private final Mode mode;
    private final int samplingInterval;
    private final Set<TrackerState> open = ConcurrentHashMap.newKeySet();
    private final List<Consumer<? super Leak>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong reported = new AtomicLong();

    private LeakDetector(String resourceType, Mode mode, int samplingInterval) {
        this.resourceType = Objects.requireNonNull(resourceType, "LeakDetector.create: the resource type must not be null");
        this.mode = Objects.requireNonNull(mode, "LeakDetector.create: the mode of '" + resourceType + "' must not be null");
        if (samplingInterval < 1) {
            throw new IllegalArgumentException("LeakDetector.create '" + resourceType + "' refused: the sampling interval is "
                    + samplingInterval + " — it must be at least 1 (1 tracks every object)");
        }
        this.samplingInterval = samplingInterval;
    }

    /**
     * Creates a detector whose mode and interval come from the system properties (see the class comment).
     *
     * @param resourceType what it tracks, as reports name it (e.g. {@code "serial-port client"})
     * @return the detector
     */
    public static LeakDetector create(String resourceType) {
        return new LeakDetector(resourceType, modeFromProperties(), intervalFromProperties());
    }

    /**
     * Creates a detector with a fixed mode and the default sampling interval.
     *
     * @param resourceType what it tracks, as reports name it
     * @param mode         the mode
     * @return the detector
     */
    public static LeakDetector create(String resourceType, Mode mode) {
        return new LeakDetector(resourceType, mode, DEFAULT_SAMPLING_INTERVAL);
    }

    /**
     * Creates a detector with a fixed mode and sampling interval.
     *
     * @param resourceType     what it tracks, as reports name it
     * @param mode             the mode
     * @param samplingInterval in {@link Mode#SAMPLED}, one object in this many is tracked; at least 1
     * @return the detector
     * @throws IllegalArgumentException if the interval is below 1
     */
    public static LeakDetector create(String resourceType, Mode mode, int samplingInterval) {
        return new LeakDetector(resourceType, mode, samplingInterval);
    }

    private static Mode modeFromProperties() {
        String p = System.getProperty("devres4j.leakDetection");
        if (p != null) {
            try {
                return Mode.valueOf(p.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                LOG.log(System.Logger.Level.WARNING, "-Ddevres4j.leakDetection=" + p
                        + " is not one of disabled, sampled, debug; using sampled");
                return Mode.SAMPLED;
            }
        }
        return Diagnostics.captureStacks() ? Mode.DEBUG : Mode.SAMPLED;
    }

    private static int intervalFromProperties() {
        String p = System.getProperty("devres4j.leakDetection.samplingInterval");
        if (p == null) {
            return DEFAULT_SAMPLING_INTERVAL;
        }
        try {
            int v = Integer.parseInt(p.trim());
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through to the warning
        }
        LOG.log(System.Logger.Level.WARNING, "-Ddevres4j.leakDetection.samplingInterval=" + p
                + " is not a whole number of at least 1; using " + DEFAULT_SAMPLING_INTERVAL);
        return DEFAULT_SAMPLING_INTERVAL;
    }

    /** @return what it tracks, as reports name it */
    public String resourceType() {
        return resourceType;
    }

    /** @return the mode */
    public Mode mode() {
        return mode;
    }

    /** @return in sampled mode, one object in this many is tracked */
    public int samplingInterval() {
        return samplingInterval;
    }

    /** @return how many leaks this detector has reported */
    public long leaksReported() {
        return reported.get();
    }

    /**
     * Starts tracking an object, if the mode and the sampling say so. The object keeps the tracker and
     * closes it at its last put or close; the tracker must not keep the object (it does not).
     *
     * @param referent the object whose unreachability without a close is a leak
     * @param name     its name in the report (e.g. {@code "ttyUSB0 client #3"})
     * @return its tracker; {@link Tracker#NONE} when the object is not tracked
     */
    public Tracker track(Object referent, String name) {
        Objects.requireNonNull(referent, "track on leak detector '" + resourceType + "': the object must not be null");
        Objects.requireNonNull(name, "track on leak detector '" + resourceType + "': the name must not be null");
        if (mode == Mode.DISABLED
                || (mode == Mode.SAMPLED && samplingInterval > 1 && ThreadLocalRandom.current().nextInt(samplingInterval) != 0)) {
            return Tracker.NONE;
        }
        TrackerState state = new TrackerState(this, name, stackHere(), mode == Mode.DEBUG);
        open.add(state);
        state.cleanable = CLEANER.register(referent, state);
        return state;
    }

    /**
     * Tracks a reference count: the returned count is the one to use; its gets and puts are touches,
     * and its last put closes the tracker. Dropped without its last put, it is reported.
     *
     * @param count the count to watch
     * @return a count that forwards to {@code count}; {@code count} itself when it is not tracked
     */
    public RefCount track(RefCount count) {
        Objects.requireNonNull(count, "track on leak detector '" + resourceType + "': the count must not be null");
        if (mode == Mode.DISABLED) {
            return count;
        }
        TrackedRefCount tracked = new TrackedRefCount(count);
        Tracker t = track(tracked, count.name());
        if (t == Tracker.NONE) {
            return count;
        }
        tracked.tracker = t;
        return tracked;
    }

    /**
     * The objects tracked and not yet closed, in no particular order (a snapshot): at the end of a
     * test or a scope, what should have had its last put and did not. {@link Leak#stillOpenReport()}
     * renders one.
     *
     * @return one entry per open tracker
     */
    public List<Leak> openTrackers() {
        List<Leak> out = new ArrayList<>();
        for (TrackerState s : open) {
            out.add(s.toLeak());
        }
        return out;
    }

    /**
     * Registers a listener for this detector's leaks.
     *
     * @param listener called on the cleaner's thread, once per leak
     * @return closing it unregisters the listener
     */
    public AutoCloseable addListener(Consumer<? super Leak> listener) {
        Objects.requireNonNull(listener, "addListener on leak detector '" + resourceType + "': the listener must not be null");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * Registers a listener for the leaks of every detector in the process (a test harness uses it).
     *
     * @param listener called on the cleaner's thread, once per leak
     * @return closing it unregisters the listener
     */
    public static AutoCloseable addGlobalListener(Consumer<? super Leak> listener) {
        Objects.requireNonNull(listener, "LeakDetector.addGlobalListener: the listener must not be null");
        GLOBAL.add(listener);
        return () -> GLOBAL.remove(listener);
    }

    /** A tracker's close: the object had its last put and is no longer open. */
    void closed(TrackerState state) {
        open.remove(state);
    }

    /** The cleaner found a tracked object unreachable before its close: reports it once. */
    void report(TrackerState state) {
        open.remove(state);
        reported.incrementAndGet();
        Leak leak = state.toLeak();
        LOG.log(System.Logger.Level.ERROR, leak.toString());
        JfrLeakEvent.commit(leak);
        deliver(listeners, leak);
        deliver(GLOBAL, leak);
    }

    private void deliver(List<Consumer<? super Leak>> to, Leak leak) {
        for (Consumer<? super Leak> l : to) {
            try {
                l.accept(leak);
            } catch (RuntimeException e) {
                // the listener's failure is named, without its stack: a leak report is the line that matters here
                LOG.log(System.Logger.Level.WARNING, "a leak listener of '" + resourceType + "' threw " + e
                        + "; the other listeners still ran");
            }
        }
    }

    /** @return the caller's stack without the leading frames of the classes that track on its behalf */
    static String stackHere() {
        return WALKER.walk(frames -> {
            StringBuilder sb = new StringBuilder();
            frames.dropWhile(f -> TRACKING_FRAMES.contains(f.getDeclaringClass().getNestHost()))
                    .limit(MAX_FRAMES)
                    .forEach(f -> sb.append(sb.length() == 0 ? "" : "\n").append("at ").append(f.toStackTraceElement()));
            return sb.toString();
        });
    }

    @Override
    public String toString() {
        return "LeakDetector '" + resourceType + "' (" + mode.name().toLowerCase(Locale.ROOT)
                + (mode == Mode.SAMPLED ? " 1/" + samplingInterval : "") + ", " + open.size() + " open, " + reported.get() + " leaked)";
    }

    // ------------------------------------------------------------------ types

    /**
     * The tracker of one object: the object holds it and closes it at its last put.
     *
     * <p><b>Lifetime:</b> open from {@code track} until {@link #close()}. <b>Order:</b> touches are
     * kept newest last, the last {@value LeakDetector#MAX_TOUCHES}. <b>Concurrency:</b> safe from any thread.
     */
    public interface Tracker extends AutoCloseable {

        /** The tracker of an object that is not tracked: every method does nothing. */
        Tracker NONE = new Tracker() {
            @Override
            public void touch(Object hint) {
            }

            @Override
            public boolean isOpen() {
                return false;
            }

            @Override
            public void close() {
            }

            @Override
            public String toString() {
                return "untracked";
            }
        };

        /**
         * Records that the object was used or handed on (debug mode only; otherwise nothing).
         *
         * @param hint what happened (e.g. {@code "get"}, {@code "handed to the reader thread"})
         */
        void touch(Object hint);

        /** @return whether the object is tracked and not yet closed */
        boolean isOpen();

        /** Stops tracking: the object had its last put. Closing twice does nothing more. */
        @Override
        void close();
    }

    /**
     * A touch of a tracked object.
     *
     * @param hint   what happened
     * @param thread the thread it happened on
     * @param at     the stack, one frame a line
     */
    public record Touch(String hint, String thread, String at) {
    }

    /**
     * A leaked (or, from {@link #openTrackers()}, still open) object.
     *
     * @param resourceType   the detector's resource type
     * @param name           the object's name
     * @param allocatedAt    the stack where it was tracked, one frame a line
     * @param touches        its last touches, oldest first (debug mode; empty otherwise)
     * @param droppedTouches how many older touches were dropped
     * @param debug          whether it was tracked in debug mode
     */
    public record Leak(String resourceType, String name, String allocatedAt, List<Touch> touches, int droppedTouches,
                       boolean debug) {

        /**
         * Checks the components.
         *
         * @param resourceType   the type
         * @param name           the name
         * @param allocatedAt    the stack
         * @param touches        the touches
         * @param droppedTouches the dropped count
         * @param debug          the mode
         */
        public Leak {
            Objects.requireNonNull(resourceType, "resourceType");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(allocatedAt, "allocatedAt");
            touches = List.copyOf(touches);
        }

        /** @return the report: what leaked, where it was allocated, what last held it */
        @Override
        public String toString() {
            return report("became unreachable without its last put or close — what it held was never released.");
        }

        /**
         * The report of an object that is still reachable but should have been closed by now (the end of
         * a test or a scope): what it is, where it was allocated, what last held it.
         *
         * @return the report
         */
        public String stillOpenReport() {
            return report("is still open without its last put or close at the end of its scope.");
        }

        private String report(String verdict) {
            StringBuilder sb = new StringBuilder("LEAK: ").append(resourceType).append(" '").append(name).append("' ")
                    .append(verdict);
            sb.append("\n  allocated at:\n    ").append(allocatedAt.replace("\n", "\n    "));
            if (!debug) {
                sb.append("\n  (run with -Ddevres4j.leakDetection=debug to track every object and the touches that last held it)");
            } else if (touches.isEmpty()) {
                sb.append("\n  never touched after allocation");
            } else {
                sb.append("\n  last touches, newest first (").append(touches.size()).append(" kept, ")
                        .append(droppedTouches).append(" older dropped):");
                for (int i = touches.size() - 1; i >= 0; i--) {
                    Touch t = touches.get(i);
                    sb.append("\n  #").append(i + 1 + droppedTouches).append(' ').append(t.hint()).append(" on thread '")
                            .append(t.thread()).append("'\n    ").append(t.at().replace("\n", "\n    "));
                }
            }
            return sb.toString();
        }
    }
}
