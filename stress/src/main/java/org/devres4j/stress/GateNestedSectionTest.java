package org.devres4j.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.devres4j.core.Gate;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Sections nest: a reader inside an outer section tries an inner one, leaves it, and touches the
 * hardware while still in the outer section. The inner enter may be refused (the shut flag came up
 * in between), but the outer section alone must keep shut() from returning: the reader never sees
 * the hardware torn down.
 *
 * <p>Result: r1 = outer entered; r2 = inner entered; r3 = hardware seen after the inner exit
 * (1 alive, 0 dead, -1 not looked at).
 */
@JCStressTest
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "Both sections entered before the shut; hardware alive.")
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "The shut flag came up between the two enters: the inner one is refused, the outer still holds shut() off.")
@Outcome(id = "0, 0, -1", expect = ACCEPTABLE, desc = "The reader came after the shut flag and was refused.")
@Outcome(id = "1, .*, 0", expect = FORBIDDEN, desc = "BUG: shut() returned while the outer section was still inside.")
@Outcome(expect = FORBIDDEN, desc = "BUG: an outcome the test cannot produce with a correct gate.")
@State
public class GateNestedSectionTest {

    private final Gate gate;

    /** The race on a plain gate ({@link Gate#create(String)}). */
    public GateNestedSectionTest() {
        this(Gate.create("stress-gate"));
    }

    GateNestedSectionTest(Gate gate) {
        this.gate = gate;
    }

    /** Plain on purpose: only the gate orders the reader's read against the unplug's write. */
    private boolean hardwareAlive = true;

    /** Outer section, inner section in and out, then the hardware, then out. */
    @Actor
    public void reader(III_Result r) {
        int outer = gate.tryEnter();
        if (outer == Gate.REFUSED) {
            r.r1 = 0;
            r.r2 = 0;
            r.r3 = -1;
            return;
        }
        int inner = gate.tryEnter();
        r.r1 = 1;
        r.r2 = inner == Gate.REFUSED ? 0 : 1;
        if (inner != Gate.REFUSED) {
            gate.exit(inner);
        }
        r.r3 = hardwareAlive ? 1 : 0;
        gate.exit(outer);
    }

    /** The unplug: shut the gate, then tear the hardware down. */
    @Actor
    public void unplug() {
        gate.shut();
        hardwareAlive = false;
    }

    /**
     * The same race on a tracked gate ({@link Gate#createTracked(String)}, the DRM device's kind): its
     * per-thread counts are its reader counts, entered with one fence instead of an atomic increment.
     * Outcomes as the plain gate's, repeated: with {@code @JCStressMeta} jcstress 0.16 ran the test but
     * reported 0 samples.
     */
    @JCStressTest
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "Both sections entered before the shut; hardware alive.")
    @Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "The shut flag came up between the two enters: the inner one is refused, the outer still holds shut() off.")
    @Outcome(id = "0, 0, -1", expect = ACCEPTABLE, desc = "The reader came after the shut flag and was refused.")
    @Outcome(id = "1, .*, 0", expect = FORBIDDEN, desc = "BUG: shut() returned while the outer section was still inside.")
    @Outcome(expect = FORBIDDEN, desc = "BUG: an outcome the test cannot produce with a correct gate.")
    @State
    public static class Tracked extends GateNestedSectionTest {

        public Tracked() {
            super(Gate.createTracked("stress-gate"));
        }

        @Actor
        @Override
        public void reader(III_Result r) {
            super.reader(r);
        }

        @Actor
        @Override
        public void unplug() {
            super.unplug();
        }
    }
}
