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
 * An interrupted shutter still waits for every reader (issue 10, Medium 5): the unplug thread is
 * interrupted before it shuts, so its whole wait runs with an interrupt pending. shut() must still return
 * only once the reader is out — a reader inside must see the hardware alive — and hand the interrupt back.
 *
 * <p>Result: r1 = 1 if the reader entered, 0 if refused; r2 = what it saw (1 alive, 0 dead, -1 not
 * looked); r3 = 1 if the unplug thread's interrupt status was still set when shut() returned.
 */
@JCStressTest
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "The reader entered first; shut() waited for it and kept the interrupt.")
@Outcome(id = "0, -1, 1", expect = ACCEPTABLE, desc = "The reader came after the shut flag and was refused; the interrupt was kept.")
@Outcome(id = "1, 0, .*", expect = FORBIDDEN, desc = "BUG: the interrupt cut the wait short: shut() returned with the reader inside.")
@Outcome(id = ".*, .*, 0", expect = FORBIDDEN, desc = "BUG: shut() swallowed the interrupt.")
@Outcome(expect = FORBIDDEN, desc = "BUG: an outcome a correct gate cannot produce.")
@State
public class GateInterruptedShutTest {

    private final Gate gate;

    /** The race on a plain gate ({@link Gate#create(String)}). */
    public GateInterruptedShutTest() {
        this(Gate.create("stress-gate"));
    }

    GateInterruptedShutTest(Gate gate) {
        this.gate = gate;
    }

    /** Plain on purpose: only the gate orders the reader's read against the unplug's write. */
    private boolean hardwareAlive = true;

    @Actor
    public void reader(III_Result r) {
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

    @Actor
    public void unplug(III_Result r) {
        Thread.currentThread().interrupt();
        gate.shut();
        hardwareAlive = false;
        r.r3 = Thread.interrupted() ? 1 : 0; // reads and clears: jcstress reuses its threads
    }

    /**
     * The same race on a tracked gate ({@link Gate#createTracked(String)}, the DRM device's kind): its
     * per-thread counts are its reader counts, entered with one fence instead of an atomic increment.
     * Outcomes as the plain gate's, repeated: with {@code @JCStressMeta} jcstress 0.16 ran the test but
     * reported 0 samples.
     */
    @JCStressTest
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "The reader entered first; shut() waited for it and kept the interrupt.")
    @Outcome(id = "0, -1, 1", expect = ACCEPTABLE, desc = "The reader came after the shut flag and was refused; the interrupt was kept.")
    @Outcome(id = "1, 0, .*", expect = FORBIDDEN, desc = "BUG: the interrupt cut the wait short: shut() returned with the reader inside.")
    @Outcome(id = ".*, .*, 0", expect = FORBIDDEN, desc = "BUG: shut() swallowed the interrupt.")
    @Outcome(expect = FORBIDDEN, desc = "BUG: an outcome a correct gate cannot produce.")
    @State
    public static class Tracked extends GateInterruptedShutTest {

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
        public void unplug(III_Result r) {
            super.unplug(r);
        }
    }
}
