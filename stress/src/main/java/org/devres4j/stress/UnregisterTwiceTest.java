package org.devres4j.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.devres4j.driver.Bus;
import org.devres4j.driver.Device;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * {@code device_unregister} from two holders at once (the creator's reference and one more): the device is
 * deleted once — one call wins, the other is refused — and the refused caller keeps its reference, because an
 * unregister claims the caller's reference before its del and gives it back when the del is refused.
 *
 * <p>Result: r1, r2 = 1 if that actor's unregister succeeded, 0 if it was refused; r3 = the reference count after
 * both (the refused caller's reference).
 */
@JCStressTest
@Outcome(id = {"1, 0, 1", "0, 1, 1"}, expect = ACCEPTABLE, desc = "One unregister deleted and put; the other was refused and kept its reference.")
@Outcome(expect = FORBIDDEN, desc = "BUG: deleted twice, never, or a reference lost or taken twice.")
@State
public class UnregisterTwiceTest {

    private final Device dev;

    {
        dev = new Bus("stress").newDevice("gpu0");
        dev.add();
        dev.get(); // two references besides the bus's
    }

    private int unregister() {
        try {
            dev.unregister();
            return 1;
        } catch (IllegalStateException refused) {
            return 0;
        }
    }

    @Actor
    public void first(III_Result r) {
        r.r1 = unregister();
    }

    @Actor
    public void second(III_Result r) {
        r.r2 = unregister();
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r3 = dev.refCount();
    }
}
