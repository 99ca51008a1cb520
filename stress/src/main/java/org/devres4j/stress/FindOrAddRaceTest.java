package org.devres4j.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.devres4j.core.DataRelease;
import org.devres4j.core.ResourceList;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * devres_get semantics: two racing find-or-adds of matching data add exactly one resource, and both get
 * that one's data back — the match function runs outside the list lock, yet the find and the add are
 * atomic.
 *
 * <p>Result: r1, r2 = which data that actor got (1 or 2); r3 = resources on the list.
 */
@JCStressTest
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "The first actor added; the second found its data.")
@Outcome(id = "2, 2, 1", expect = ACCEPTABLE, desc = "The second actor added; the first found its data.")
@Outcome(expect = FORBIDDEN, desc = "BUG: both added, or they disagree on the resource.")
@State
public class FindOrAddRaceTest {

    private static final DataRelease<Object, Integer> CLOCK = (owner, data) -> { };

    private final ResourceList<Object> list = ResourceList.create(new Object(), "stress-dev");

    @Actor
    public void first(III_Result r) {
        r.r1 = list.findOrAdd("clk", CLOCK, 1, d -> true);
    }

    @Actor
    public void second(III_Result r) {
        r.r2 = list.findOrAdd("clk", CLOCK, 2, d -> true);
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r3 = list.size();
    }
}
