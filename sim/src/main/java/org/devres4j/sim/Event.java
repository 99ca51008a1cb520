package org.devres4j.sim;

import java.util.Objects;

/**
 * One event of a simulated run, as typed data: which step caused it, its fixed verb, the owner it
 * concerns (and the owner's kind), the resource it concerns on that owner (its registration number),
 * what it does to that resource's lifetime, and two descriptive texts. Every lifetime event of the
 * kernel model (core's {@code ADD}/{@code REL}/{@code DEL}/{@code FAIL}, the bus's and the DRM layer's
 * verbs) and every event of the world around it (plugs, userspace calls, uevents, sanitizer findings)
 * is one of these; text is made from them only at the edge ({@link EventText}, JSON, HTML).
 *
 * <p>A resource is identified by {@code (owner, order)}: {@code order} is its registration number on
 * the owner's list (a devres or drmm action, a process's file or mapping, a device's n-th hardware
 * assignment), and {@code 0} means the owner itself (a device from {@code DEVICE-ADD} to
 * {@code DEVICE-FREE}, a DRM device from {@code ALLOC} to {@code FREE}, a process from {@code SPAWN} to
 * {@code EXIT}). {@link #effect()} says where a lifetime begins and ends, so a chart of lifetimes needs
 * no knowledge of the verbs.
 *
 * <p><b>Lifetime:</b> a value, made by the world while a run executes; a run keeps a bounded window
 * of them ({@link RunResult#events()}). <b>Order:</b> a run's events are numbered by step and appear
 * in the order they happened. <b>Concurrency:</b> immutable.
 *
 * @param step   the step that caused it (1-based, in the numbering of the log and the reports)
 * @param line   the script line of that step, or 0 for a step built in Java or the world shutdown
 * @param verb   a fixed word: {@link #STEP} for the start of a step, core's and the kernel's verbs,
 *               or the world's own ({@code PLUG}, {@code OPEN}, {@code SANITIZER} ...)
 * @param owner  whom it concerns; {@link Owner#WORLD} for the world, the runner and the sanitizer
 * @param order  the resource's registration number on the owner, 0 for the owner itself or none
 * @param effect what it does to the lifetime of {@code (owner, order)}
 * @param name   what the event is about (a resource's name, a file name; for {@link #STEP}, the
 *               step as its script line)
 * @param detail more about it, or the empty string
 * @param report for a {@code SANITIZER} event, the 1-based number of the report it made in
 *               {@link RunResult#reports()}; otherwise 0
 */
public record Event(int step, int line, String verb, Owner owner, int order, Effect effect, String name,
                    String detail, int report) {

    /** The verb of the event that starts a step; its name is the step's script line. */
    public static final String STEP = "STEP";
    /** The verb of a sanitizer finding; {@link #report()} numbers the report. */
    public static final String SANITIZER = "SANITIZER";

    /**
     * Checks the components.
     *
     * @param step   the step
     * @param line   the line
     * @param verb   the verb
     * @param owner  the owner
     * @param order  the order
     * @param effect the effect
     * @param name   the name
     * @param detail the detail, null taken as empty
     * @param report the report number
     */
    public Event {
        Objects.requireNonNull(verb, "verb");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(name, "name");
        detail = detail == null ? "" : detail;
    }

    /** @return whether this event starts a step */
    public boolean isStepStart() {
        return verb.equals(STEP);
    }

    /** @return the line as {@link EventText#line(Event)} renders it */
    @Override
    public String toString() {
        return EventText.line(this);
    }

    /**
     * Whom an event concerns.
     *
     * <p><b>Lifetime / order / concurrency:</b> an immutable value; two owners are the same if kind and
     * name are.
     *
     * @param kind the kind of owner
     * @param name its name, e.g. {@code vgpu0}, {@code card0}, {@code p1}; empty for {@link #WORLD}
     */
    public record Owner(OwnerKind kind, String name) {

        /** The world itself: the runner, the sanitizer, the hot-plug controller. */
        public static final Owner WORLD = new Owner(OwnerKind.WORLD, "");

        /**
         * Checks the components.
         *
         * @param kind the kind
         * @param name the name
         */
        public Owner {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * The kinds of owner an event can concern.
     *
     * <p><b>Lifetime / order / concurrency:</b> constants.
     */
    public enum OwnerKind {
        /** A bus device and its devres list (resources of the driver↔device binding). */
        DEVICE("device"),
        /** A DRM device and its drmm list (resources released at its last put). */
        DRM("drm"),
        /** Another resource list, e.g. a driver's private list. */
        LIST("list"),
        /** A userspace process: its resources are its open files and mappings. */
        PROCESS("process"),
        /** A device's hardware: its resources are its MMIO range and IRQ line assignments. */
        HARDWARE("hardware"),
        /** The world, the runner and the sanitizer. */
        WORLD("world");

        private final String id;

        OwnerKind(String id) {
            this.id = id;
        }

        /** @return the short id JSON uses, e.g. {@code device} */
        public String id() {
            return id;
        }
    }

    /**
     * What an event does to the lifetime of the resource {@code (owner, order)} it names.
     *
     * <p><b>Lifetime / order / concurrency:</b> constants.
     */
    public enum Effect {
        /** Its lifetime begins: added, allocated, plugged, spawned, opened, mapped. */
        BEGIN,
        /** Its lifetime ends, its release having run: released, freed, unplugged, closed, exited. */
        END,
        /** Its lifetime ends without its release running (removed from its list). */
        DROP,
        /**
         * Its release threw. The {@link #END} event just before it already ended the lifetime; this
         * marks that ending as failed.
         */
        FAIL,
        /** Nothing begins or ends: a call, a notice, a finding. */
        NONE;

        /** @return the lower-case id JSON uses */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /**
         * What a verb of the kernel model (core's list verbs, the bus's and the DRM layer's) does to the
         * lifetime it names — the mapping the simulator's log uses, for anyone who hears the kernel model's
         * own trace events (the {@code watch} command).
         *
         * @param verb a kernel verb, e.g. {@code ADD}, {@code REL}, {@code DEVICE-FREE}, {@code BIND}
         * @return {@link #BEGIN} for {@code ADD}, {@code DEVICE-ADD}, {@code ALLOC}; {@link #END} for
         *         {@code REL}, {@code DEVICE-FREE}, {@code FREE}; {@link #DROP} for {@code DEL}; {@link #FAIL}
         *         for {@code FAIL}; {@link #NONE} for any other verb
         */
        public static Effect ofKernelVerb(String verb) {
            return switch (verb) {
                case org.devres4j.core.TraceEvent.ADD, "DEVICE-ADD", "ALLOC" -> BEGIN;
                case org.devres4j.core.TraceEvent.REL, "DEVICE-FREE", "FREE" -> END;
                case org.devres4j.core.TraceEvent.DEL -> DROP;
                case org.devres4j.core.TraceEvent.FAIL -> FAIL;
                default -> NONE;
            };
        }
    }
}
