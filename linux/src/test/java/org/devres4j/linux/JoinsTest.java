package org.devres4j.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The close-time join: it outlasts interrupts, waits for every thread, and hands the interrupt back. */
@Timeout(60)
class JoinsTest {

    @Test
    void aPendingInterruptNeitherCutsTheWaitShortNorIsLost() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread first = new Thread(() -> await(release), "joins-test-first");
        Thread second = new Thread(() -> await(release), "joins-test-second");
        first.start();
        second.start();
        Thread opener = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            release.countDown();
        }, "joins-test-opener");
        opener.start();

        Thread.currentThread().interrupt();
        try {
            Joins.uninterruptibly(List.of(first, second));
            assertThat(first.isAlive()).as("the first thread had ended when the join returned").isFalse();
            assertThat(second.isAlive()).as("the second thread had ended when the join returned").isFalse();
            assertThat(Thread.currentThread().isInterrupted()).as("the caller's interrupt was handed back").isTrue();
        } finally {
            Thread.interrupted();
            release.countDown();
            opener.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    @Test
    void withoutAnInterruptTheStatusStaysClear() throws Exception {
        Thread done = new Thread(() -> { }, "joins-test-done");
        done.start();
        Joins.uninterruptibly(List.of(done));
        assertThat(done.isAlive()).isFalse();
        assertThat(Thread.currentThread().isInterrupted()).as("no interrupt was made up").isFalse();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
