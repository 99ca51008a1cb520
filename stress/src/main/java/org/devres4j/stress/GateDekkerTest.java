package org.devres4j.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.time.Duration;
import org.devres4j.core.Gate;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The handshake itself, with nothing around it: a reader enters and stays inside; the shutter raises the
 * flag and looks once at the count ({@code shut(Duration.ZERO)} does not wait). Reader: store its count,
 * fence, load the flag. Shutter: store the flag, fence, load the counts. At least one must see the other:
 * if the reader got in, the shutter must not find the gate empty. Without either fence this is the
 * store-buffering litmus test, which x86 fails readily.
 *
 * <p>Result: r1 = 1 if the reader entered; r2 = 1 if the shutter saw no section inside.
 */
@JCStressTest
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "The reader got in first; the shutter counted it.")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "The flag came first; the reader was refused and the gate was empty.")
@Outcome(id = "0, 0", expect = ACCEPTABLE_INTERESTING, desc = "Both saw each other: the reader backed out after the shutter counted its transient +1.")
@Outcome(id = "1, 1", expect = FORBIDDEN, desc = "BUG: neither saw the other — the reader is inside a gate the shutter found empty.")
@Outcome(expect = FORBIDDEN, desc = "BUG: an outcome the test cannot produce with a correct gate.")
@State
public class GateDekkerTest {

    private final Gate gate;

    /** The race on a plain gate ({@link Gate#create(String)}). */
    public GateDekkerTest() {
        this(Gate.create("stress-gate"));
    }

    GateDekkerTest(Gate gate) {
        this.gate = gate;
    }

    /** Enters and stays inside (each state is fresh, so nothing needs an exit). */
    @Actor
    public void reader(II_Result r) {
        r.r1 = gate.tryEnter() == Gate.REFUSED ? 0 : 1;
    }

    /** Raises the flag and looks once. */
    @Actor
    public void shutter(II_Result r) {
        r.r2 = gate.shut(Duration.ZERO) ? 1 : 0;
    }

    /**
     * The same handshake on a tracked gate ({@link Gate#createTracked(String)}): the reader's store is a
     * plain store to its own cell followed by {@code VarHandle.fullFence()}, not an atomic increment.
     */
    @JCStressTest
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "The reader got in first; the shutter counted it.")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "The flag came first; the reader was refused and the gate was empty.")
    @Outcome(id = "0, 0", expect = ACCEPTABLE_INTERESTING, desc = "Both saw each other: the reader backed out after the shutter counted its transient +1.")
    @Outcome(id = "1, 1", expect = FORBIDDEN, desc = "BUG: neither saw the other — the reader is inside a gate the shutter found empty.")
    @Outcome(expect = FORBIDDEN, desc = "BUG: an outcome the test cannot produce with a correct gate.")
    @State
    public static class Tracked extends GateDekkerTest {

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
        public void shutter(II_Result r) {
            super.shutter(r);
        }
    }
}
