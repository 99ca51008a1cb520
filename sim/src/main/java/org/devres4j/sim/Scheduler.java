package org.devres4j.sim;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The deterministic scheduler: one seeded generator makes every choice the world leaves open (which
 * runnable process goes next, how late a late closer is, what the fuzzer does next), so a seed fixes
 * every interleaving. No real threads are involved.
 *
 * <p><b>Lifetime:</b> one per world. <b>Order:</b> a seed fixes the sequence of choices.
 * <b>Concurrency:</b> single-threaded.
 */
final class Scheduler {

    private final long seed;
    private final SplittableRandom random;

    Scheduler(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    long seed() {
        return seed;
    }

    /** @return one element, chosen by the seed */
    <T> T pick(List<T> runnable) {
        if (runnable.isEmpty()) {
            throw new IllegalArgumentException("scheduler: nothing is runnable");
        }
        return runnable.size() == 1 ? runnable.get(0) : runnable.get(random.nextInt(runnable.size()));
    }

    /** @return a number in [lo, hi] */
    int between(int lo, int hi) {
        return lo == hi ? lo : lo + random.nextInt(hi - lo + 1);
    }

    /** @return true with the given probability in percent */
    boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }
}
