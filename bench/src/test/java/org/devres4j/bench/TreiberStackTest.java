package org.devres4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.devres4j.core.Release;
import org.junit.jupiter.api.Test;

/** The floor of ListBench must do the list's work: every pushed action runs, once, newest first. */
class TreiberStackTest {

    @Test
    void runAllRunsEveryPushedActionNewestFirstAndEmptiesTheStack() throws Exception {
        TreiberStack<List<String>> stack = new TreiberStack<>();
        for (String name : List.of("a", "b", "c")) {
            stack.push(ran -> ran.add(name));
        }
        List<String> ran = new ArrayList<>();
        assertThat(stack.runAll(ran)).isEqualTo(3);
        assertThat(ran).containsExactly("c", "b", "a");
        assertThat(stack.runAll(ran)).as("nothing is left after a runAll").isZero();
        assertThat(ran).hasSize(3);
    }

    @Test
    void theBenchmarkReturnsWhatTheListVariantReturnsForTheSameWork() throws Exception {
        ListBench.Small s = new ListBench.Small();
        s.n = 16;
        s.setUp();
        ListBench bench = new ListBench();
        assertThat(bench.treiber(s)).isEqualTo(16).isEqualTo(bench.addReleaseAll(s)).isEqualTo(bench.arrayDeque(s));
        assertThat(s.owner.released).as("each variant ran its 16 actions on the owner").isEqualTo(48);
    }

    @Test
    void aNullActionIsRefusedAndLeavesTheStackAsItWas() throws Exception {
        TreiberStack<int[]> stack = new TreiberStack<>();
        stack.push(count -> count[0]++);
        assertThatThrownBy(() -> stack.push(null))
                .isInstanceOf(NullPointerException.class).hasMessage("TreiberStack.push: the action is null");
        int[] count = {0};
        assertThat(stack.runAll(count)).isEqualTo(1);
        assertThat(count[0]).isEqualTo(1);
    }

    /**
     * Pushers on several threads race with a thread that keeps detaching: every action must run exactly
     * once, whether its push landed in a detached batch or on the fresh stack after a swap.
     */
    @Test
    void concurrentPushesRacingWithRunAllRunEveryActionExactlyOnce() throws Exception {
        int pushers = 3;
        int perPusher = 20_000;
        AtomicIntegerArray runs = new AtomicIntegerArray(pushers * perPusher);
        TreiberStack<AtomicIntegerArray> stack = new TreiberStack<>();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch pushed = new CountDownLatch(pushers);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < pushers; p++) {
            int base = p * perPusher;
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < perPusher; i++) {
                        int slot = base + i;
                        Release<AtomicIntegerArray> action = r -> r.incrementAndGet(slot);
                        stack.push(action);
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    pushed.countDown();
                }
            }, "pusher-" + p));
        }
        int[] detached = {0};
        Thread runner = new Thread(() -> {
            try {
                start.await();
                while (!stop.get()) {
                    detached[0] += stack.runAll(runs);
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }, "runner");
        threads.forEach(Thread::start);
        runner.start();
        start.countDown();
        assertThat(pushed.await(60, TimeUnit.SECONDS)).as("the pushers finished within 60 s").isTrue();
        stop.set(true);
        runner.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(runner.isAlive()).as("the runner stopped within 60 s of being told to").isFalse();
        assertThat(failure.get()).as("no thread failed").isNull();
        int rest = stack.runAll(runs);
        assertThat(detached[0] + rest).isEqualTo(pushers * perPusher);
        for (int i = 0; i < runs.length(); i++) {
            assertThat(runs.get(i)).as("runs of action %d", i).isEqualTo(1);
        }
    }
}
