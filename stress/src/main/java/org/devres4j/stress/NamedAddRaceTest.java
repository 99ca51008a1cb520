package org.devres4j.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.devres4j.core.ResourceExistsException;
import org.devres4j.core.ResourceList;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Two racing adds of one named resource (KUnit's named resources): exactly one wins, the other is
 * refused with EEXIST, and the list holds one resource of that name.
 *
 * <p>Result: r1, r2 = 1 if that actor's add succeeded, 0 if refused; r3 = named resources on the list.
 */
@JCStressTest
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "The first actor won; the second got EEXIST.")
@Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "The second actor won; the first got EEXIST.")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "BUG: both adds of one name succeeded.")
@Outcome(expect = FORBIDDEN, desc = "BUG: neither won, or the list disagrees.")
@State
public class NamedAddRaceTest {

    private final ResourceList<Object> list = ResourceList.create(new Object(), "stress-dev");

    private int add() {
        try {
            list.addNamed("irq", owner -> { });
            return 1;
        } catch (ResourceExistsException taken) {
            return 0;
        }
    }

    @Actor
    public void first(III_Result r) {
        r.r1 = add();
    }

    @Actor
    public void second(III_Result r) {
        r.r2 = add();
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r3 = list.findNamed("irq").isPresent() ? list.size() : 0;
    }
}
