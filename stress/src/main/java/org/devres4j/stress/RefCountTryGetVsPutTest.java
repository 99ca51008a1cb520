package org.devres4j.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.atomic.AtomicInteger;
import org.devres4j.core.RefCount;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * {@code tryGet} (the kernel's {@code kref_get_unless_zero}) races the last put. Either the getter
 * wins — then the object is alive for as long as it holds its reference, and its own put releases —
 * or the put wins and the getter is refused. Either way the release runs exactly once and the count
 * ends at zero.
 *
 * <p>Result: r1 = 1 if tryGet succeeded; r2 = releases seen while holding that reference (must be
 * 0; -1 if refused); r3 = how many times the release ran; r4 = the final count.
 */
@JCStressTest
@Outcome(id = "1, 0, 1, 0", expect = ACCEPTABLE, desc = "The getter won: the object stayed alive while held; the getter's put released it.")
@Outcome(id = "0, -1, 1, 0", expect = ACCEPTABLE, desc = "The put won: the count reached zero and the getter was refused.")
@Outcome(id = "1, 1, .*, .*", expect = FORBIDDEN, desc = "BUG: released while the getter still held a reference (a get revived a dead object).")
@Outcome(expect = FORBIDDEN, desc = "BUG: the release did not run exactly once, or the count did not end at 0.")
@State
public class RefCountTryGetVsPutTest {

    private final AtomicInteger releases = new AtomicInteger();
    private final RefCount ref = RefCount.create("stress-ref", releases::incrementAndGet);

    @Actor
    public void getter(IIII_Result r) {
        if (ref.tryGet()) {
            r.r1 = 1;
            r.r2 = releases.get();
            ref.put();
        } else {
            r.r1 = 0;
            r.r2 = -1;
        }
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
