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
 * A plain {@code get} races the last put. A get that comes after the count reached zero is refused
 * with {@link IllegalReferenceCountException} and leaves the count at zero (DESIGN.md invariant 8);
 * a get that comes first keeps the object alive until its own put, which releases.
 *
 * <p>Result: r1 = 1 if get succeeded, 0 if refused; r2 = releases seen while holding the reference,
 * or the count seen right after the refusal (must be 0 either way); r3 = how many times the release
 * ran; r4 = the final count.
 */
@JCStressTest
@Outcome(id = "1, 0, 1, 0", expect = ACCEPTABLE, desc = "get came first: alive while held; its put released.")
@Outcome(id = "0, 0, 1, 0", expect = ACCEPTABLE, desc = "get came after the last put: refused, count left at 0.")
@Outcome(id = "1, 1, .*, .*", expect = FORBIDDEN, desc = "BUG: a get succeeded on a released object.")
@Outcome(expect = FORBIDDEN, desc = "BUG: the release did not run exactly once, or a refused get changed the count.")
@State
public class RefCountGetOnDeadTest {

    private final AtomicInteger releases = new AtomicInteger();
    private final RefCount ref = RefCount.create("stress-ref", releases::incrementAndGet);

    @Actor
    public void getter(IIII_Result r) {
        try {
            ref.get();
        } catch (IllegalReferenceCountException refused) {
            r.r1 = 0;
            r.r2 = ref.count();
            return;
        }
        r.r1 = 1;
        r.r2 = releases.get();
        ref.put();
    }

    @Actor
    public void lastPut() {
        ref.put();
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        r.r3 = releases.get();
        r.r4 = ref.count();
    }
}
