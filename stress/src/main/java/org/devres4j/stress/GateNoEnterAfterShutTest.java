package org.devres4j.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.devres4j.core.Gate;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * No enter succeeds after {@code shut()} returned (DESIGN.md invariant 6, second half). The unplug
 * thread publishes "shut returned" through a volatile flag; the reader reads the flag and then tries
 * to enter. If it saw the flag, its enter must be refused. The arbiter checks that, once both are
 * done, the gate refuses and nobody is inside.
 *
 * <p>Result: r1 = 1 if the reader saw shut() already returned; r2 = 1 if its enter succeeded;
 * r3 = 1 if the arbiter's enter was refused with nobody inside.
 */
@JCStressTest
@Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "The reader entered before the shut (and shut() waited for it).")
@Outcome(id = "0, 0, 1", expect = ACCEPTABLE, desc = "The reader raced the shut: the flag was up, shut() had not returned yet; refused.")
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "The reader saw shut() returned and was refused.")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "BUG: an enter succeeded after shut() returned.")
@Outcome(id = ".*, .*, 0", expect = FORBIDDEN, desc = "BUG: after shut() an enter succeeded or a section was left counted.")
@Outcome(expect = FORBIDDEN, desc = "BUG: an outcome the test cannot produce with a correct gate.")
@State
public class GateNoEnterAfterShutTest {

    private final Gate gate;

    /** The race on a plain gate ({@link Gate#create(String)}). */
    public GateNoEnterAfterShutTest() {
        this(Gate.create("stress-gate"));
    }

    GateNoEnterAfterShutTest(Gate gate) {
        this.gate = gate;
    }
    private volatile boolean shutReturned;

    /** The unplug: shut, then announce that shut() returned. */
    @Actor
    public void unplug() {
        gate.shut();
        shutReturned = true;
    }

    /** A late reader: look at the announcement, then try to enter. */
    @Actor
    public void reader(III_Result r) {
        boolean returned = shutReturned;
        int token = gate.tryEnter();
        r.r1 = returned ? 1 : 0;
        r.r2 = token == Gate.REFUSED ? 0 : 1;
        if (token != Gate.REFUSED) {
            gate.exit(token);
        }
    }

    /** After both: the gate stays shut and empty. */
    @Arbiter
    public void arbiter(III_Result r) {
        int token = gate.tryEnter();
        r.r3 = token == Gate.REFUSED && gate.inside() == 0 ? 1 : 0;
        if (token != Gate.REFUSED) {
            gate.exit(token);
        }
    }

    /**
     * The same race on a tracked gate ({@link Gate#createTracked(String)}, the DRM device's kind): its
     * per-thread counts are its reader counts, entered with one fence instead of an atomic increment.
     * Outcomes as the plain gate's, repeated: with {@code @JCStressMeta} jcstress 0.16 ran the test but
     * reported 0 samples.
     */
    @JCStressTest
    @Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "The reader entered before the shut (and shut() waited for it).")
    @Outcome(id = "0, 0, 1", expect = ACCEPTABLE, desc = "The reader raced the shut: the flag was up, shut() had not returned yet; refused.")
    @Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "The reader saw shut() returned and was refused.")
    @Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "BUG: an enter succeeded after shut() returned.")
    @Outcome(id = ".*, .*, 0", expect = FORBIDDEN, desc = "BUG: after shut() an enter succeeded or a section was left counted.")
    @Outcome(expect = FORBIDDEN, desc = "BUG: an outcome the test cannot produce with a correct gate.")
    @State
    public static class Tracked extends GateNoEnterAfterShutTest {

        public Tracked() {
            super(Gate.createTracked("stress-gate"));
        }

        @Actor
        @Override
        public void unplug() {
            super.unplug();
        }

        @Actor
        @Override
        public void reader(III_Result r) {
            super.reader(r);
        }

        @Arbiter
        @Override
        public void arbiter(III_Result r) {
            super.arbiter(r);
        }
    }
}
