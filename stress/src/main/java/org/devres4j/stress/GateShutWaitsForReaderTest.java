package org.devres4j.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.devres4j.core.Gate;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * No reader is inside once {@code shut()} returns (DESIGN.md invariant 6, the drm_dev_unplug
 * guarantee). The unplug thread shuts the gate and then tears the hardware down by clearing a
 * plain field; a reader that got in must still see the hardware alive, because shut() waited for it.
 *
 * <p>Result: r1 = 1 if the reader entered, 0 if refused; r2 = what it saw of the hardware
 * (1 alive, 0 dead, -1 not looked at).
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "The reader entered before the shut and saw the hardware alive; shut() waited for it.")
@Outcome(id = "0, -1", expect = ACCEPTABLE, desc = "The reader came after the shut flag and was refused.")
@Outcome(id = "1, 0", expect = FORBIDDEN, desc = "BUG: shut() returned while the reader was inside, and the reader saw the hardware torn down.")
@Outcome(expect = FORBIDDEN, desc = "BUG: an outcome the test cannot produce with a correct gate.")
@State
public class GateShutWaitsForReaderTest {

    private final Gate gate;

    /** The race on a plain gate ({@link Gate#create(String)}). */
    public GateShutWaitsForReaderTest() {
        this(Gate.create("stress-gate"));
    }

    GateShutWaitsForReaderTest(Gate gate) {
        this.gate = gate;
    }

    /** Plain on purpose: only the gate orders the reader's read against the unplug's write. */
    private boolean hardwareAlive = true;

    /** A driver path: enter, touch the hardware, exit. */
    @Actor
    public void reader(II_Result r) {
        int token = gate.tryEnter();
        if (token == Gate.REFUSED) {
            r.r1 = 0;
            r.r2 = -1;
            return;
        }
        r.r1 = 1;
        r.r2 = hardwareAlive ? 1 : 0;
        gate.exit(token);
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
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "The reader entered before the shut and saw the hardware alive; shut() waited for it.")
    @Outcome(id = "0, -1", expect = ACCEPTABLE, desc = "The reader came after the shut flag and was refused.")
    @Outcome(id = "1, 0", expect = FORBIDDEN, desc = "BUG: shut() returned while the reader was inside, and the reader saw the hardware torn down.")
    @Outcome(expect = FORBIDDEN, desc = "BUG: an outcome the test cannot produce with a correct gate.")
    @State
    public static class Tracked extends GateShutWaitsForReaderTest {

        public Tracked() {
            super(Gate.createTracked("stress-gate"));
        }

        @Actor
        @Override
        public void reader(II_Result r) {
            super.reader(r);
        }

        @Actor
        @Override
        public void unplug() {
            super.unplug();
        }
    }
}
