package org.devres4j.sim;

import java.util.ArrayList;
import java.util.List;

/** The seeds a seeded test runs under, and a script run under one of them. */
final class Seeded {

    private Seeded() {
    }

    /** @return seeds 1 to {@code last}, plus {@code -Ddevres4j.seed=N} if given (the tests print the seed of a failure) */
    static List<Long> seeds(int last) {
        List<Long> out = new ArrayList<>();
        for (long s = 1; s <= last; s++) {
            out.add(s);
        }
        Long extra = Long.getLong("devres4j.seed");
        if (extra != null) {
            out.add(extra);
        }
        return out;
    }

    /** @return the script's run with the default options */
    static RunResult run(String script) {
        return ScenarioRunner.run(ScenarioScript.parse(script, "t.scn"), RunOptions.defaults());
    }

    /** @return the script's run under the seed, untraced */
    static RunResult run(String script, long seed) {
        return ScenarioRunner.run(ScenarioScript.parse(script, "t.scn"), new RunOptions(false, seed));
    }
}
