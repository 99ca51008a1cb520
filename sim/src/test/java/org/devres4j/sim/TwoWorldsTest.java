package org.devres4j.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Two worlds in one JVM share nothing: the same fuzz run made on two threads at once, with the same
 * device and card names in both, gives exactly the event log it gives alone.
 */
class TwoWorldsTest {

    private static final long SEED = Long.getLong("devres4j.seed", 7);

    @Test
    void twoRunsSideBySideGiveTheEventLogOfARunAlone() throws Exception {
        System.out.println("TwoWorldsTest seed " + SEED);
        FuzzOptions options = FuzzOptions.of(SEED, 1_500);
        FuzzResult alone = Fuzzer.run(options, FuzzProgress.NONE);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<FuzzResult>> both = pool.invokeAll(List.of(() -> {
                start.await();
                return Fuzzer.run(options, FuzzProgress.NONE);
            }, () -> {
                start.countDown();
                return Fuzzer.run(options, FuzzProgress.NONE);
            }), 5, TimeUnit.MINUTES);
            for (Future<FuzzResult> f : both) {
                assertThat(f.isCancelled()).as("seed " + SEED + ": a run did not finish in 5 minutes").isFalse();
                FuzzResult r = f.get();
                assertThat(r.passed()).as("seed " + SEED + "\n" + r.toText()).isTrue();
                assertThat(r.events()).as("seed " + SEED + ": the same log side by side as alone")
                        .isEqualTo(alone.events());
                assertThat(r.script()).isEqualTo(alone.script());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
