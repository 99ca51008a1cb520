package org.devres4j.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.atomic.AtomicInteger;
import org.devres4j.core.IllegalReferenceCountException;
import org.devres4j.core.RefCount;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Two holders drop the last two references at once: exactly one put releases, the release runs
 * exactly once, and the count ends at zero (DESIGN.md invariants 2 and 8). The arbiter then puts
 * once more: that put must be refused and leave the count at zero, never below.
 *
 * <p>Result: r1, r2 = 1 if that actor's put released; r3 = how many times the release ran;
 * r4 = 1 if the extra put was refused and the count stayed 0.
 */
@JCStressTest
@Outcome(id = "1, 0, 1, 1", expect = ACCEPTABLE, desc = "The first actor's put was the last one and released.")
@Outcome(id = "0, 1, 1, 1", expect = ACCEPTABLE, desc = "The second actor's put was the last one and released.")
@Outcome(id = "1, 1, .*, .*", expect = FORBIDDEN, desc = "BUG: both puts released.")
@Outcome(id = "0, 0, .*, .*", expect = FORBIDDEN, desc = "BUG: neither put released (lost update).")
@Outcome(expect = FORBIDDEN, desc = "BUG: the release did not run exactly once, or a put below zero was accepted.")
@State
public class RefCountTwoPutsTest {

    private final AtomicInteger releases = new AtomicInteger();
    private final RefCount ref = RefCount.create("stress-ref", releases::incrementAndGet);

    {
        ref.get(); // two holders
    }

    @Actor
    public void holder1(IIII_Result r) {
        r.r1 = ref.put() ? 1 : 0;
    }

    @Actor
    public void holder2(IIII_Result r) {
        r.r2 = ref.put() ? 1 : 0;
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        r.r3 = releases.get();
        boolean refused;
        try {
            ref.put();
            refused = false;
        } catch (IllegalReferenceCountException expected) {
            refused = true;
        }
        r.r4 = refused && ref.count() == 0 && releases.get() == r.r3 ? 1 : 0;
    }
}
