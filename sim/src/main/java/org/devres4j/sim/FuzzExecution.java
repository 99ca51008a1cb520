package org.devres4j.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * A world plus the fuzzer's invariant checks after every step: no sanitizer report, no broken
 * exactly-once or LIFO rule, no unexpected kernel failure; at shutdown, nothing left unreleased. The
 * first failure is kept with its {@link Signature} (what the shrinker must reproduce).
 *
 * <p><b>Lifetime:</b> one world, closed by {@link #close()}. <b>Order:</b> steps in the order run.
 * <b>Concurrency:</b> single-threaded.
 */
final class FuzzExecution implements AutoCloseable {

    /** What kind of rule a failure broke. */
    enum Kind { REPORT, INVARIANT, OOPS, UNRELEASED }

    /**
     * The identity of a failure for shrinking: a smaller script must break the same way.
     *
     * @param kind the kind
     * @param key  the report kind's id, the invariant rule's id, or empty
     */
    record Signature(Kind kind, String key) {
        /** @return the report kind a shrunk script should expect, or null */
        ReportKind reportKind() {
            return kind == Kind.REPORT ? ReportKind.byId(key) : null;
        }
    }

    final World world;
    private final boolean lenient;
    /** The steps that ran, kept only while shrinking (lenient runs). */
    private final List<Step> ran;
    String failure;
    Signature signature;

    /**
     * @param lenient whether a step that cannot run as written is skipped (while shrinking) instead of
     *                thrown
     */
    FuzzExecution(long seed, EventLog log, boolean lenient) {
        this.world = new World(seed, "current", log);
        this.lenient = lenient;
        this.ran = lenient ? new ArrayList<>() : null;
    }

    /** Runs a step, then checks the invariants. */
    void run(Step s) {
        try {
            world.execute(s);
            if (ran != null) {
                ran.add(s);
            }
        } catch (ScenarioStepException e) {
            if (!lenient) {
                throw e;
            }
        }
        check();
    }

    /** Shuts the world down and checks what must hold at the end. */
    void finish() {
        world.shutdown();
        check();
        if (failure == null && !world.checker.unreleased().isEmpty()) {
            failure = "never released: " + world.checker.unreleased();
            signature = new Signature(Kind.UNRELEASED, "");
        }
    }

    /** @return the steps that ran (lenient runs only) */
    List<Step> ran() {
        return ran;
    }

    private void check() {
        if (failure != null) {
            return;
        }
        if (!world.reports().isEmpty()) {
            Report r = world.reports().get(0);
            failure = "sanitizer: " + r.kind().title() + ": " + r.object();
            signature = new Signature(Kind.REPORT, r.kind().id());
        } else if (!world.checker.violations().isEmpty()) {
            TraceChecker.Violation v = world.checker.violations().get(0);
            failure = "invariant: " + v.text();
            signature = new Signature(Kind.INVARIANT, v.rule().id);
        } else if (world.sanitizer.firstOops() != null) {
            failure = "unexpected kernel failure: " + world.sanitizer.firstOops();
            signature = new Signature(Kind.OOPS, "");
        }
    }

    @Override
    public void close() {
        world.close();
    }
}
