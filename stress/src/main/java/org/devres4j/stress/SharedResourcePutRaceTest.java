package org.devres4j.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.atomic.AtomicInteger;
import org.devres4j.core.ResourceList;
import org.devres4j.core.SharedResource;
import org.devres4j.core.UseAfterFreeException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * A shared resource (KUnit's get/put on a resource) whose two references go at once: the list drops its
 * own in a whole-list release while the last other holder puts. The free runs exactly once, on whichever
 * side was last, and the value is gone afterwards.
 *
 * <p>Result: r1 = 1 if the holder's put was the one that freed; r2 = how many times the free ran;
 * r3 = 1 if, afterwards, the count is 0 and reading the value is refused.
 */
@JCStressTest
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "The holder's put was last and freed it.")
@Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "The list's release was last and freed it.")
@Outcome(id = ".*, 2, .*", expect = FORBIDDEN, desc = "BUG: freed twice.")
@Outcome(id = ".*, 0, .*", expect = FORBIDDEN, desc = "BUG: never freed.")
@Outcome(expect = FORBIDDEN, desc = "BUG: an outcome a correct shared resource cannot produce.")
@State
public class SharedResourcePutRaceTest {

    private final AtomicInteger frees = new AtomicInteger();
    private final ResourceList<Object> list = ResourceList.create(new Object(), "stress-dev");
    private final SharedResource<String> shared = list.addShared("buf", "value", v -> frees.incrementAndGet());

    {
        shared.get(); // the holder's reference, besides the list's
    }

    @Actor
    public void listRelease() {
        list.releaseAll("unbind");
    }

    @Actor
    public void holderPut(III_Result r) {
        r.r1 = shared.put() ? 1 : 0;
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r2 = frees.get();
        boolean refused;
        try {
            shared.value();
            refused = false;
        } catch (UseAfterFreeException expected) {
            refused = true;
        }
        r.r3 = refused && shared.count() == 0 ? 1 : 0;
    }
}
