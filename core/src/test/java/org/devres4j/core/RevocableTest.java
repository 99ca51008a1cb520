package org.devres4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Revocable: access only before revoke; release once; revoke waits for accesses. */
@Timeout(30)
class RevocableTest {

    private final AtomicInteger releases = new AtomicInteger();
    private final Revocable<StringBuilder> rev = Revocable.create("mmio", new StringBuilder("regs"),
            v -> releases.incrementAndGet());

    @Test
    void accessWorksBeforeRevoke() {
        assertThat(rev.run(v -> v.append("!"))).isTrue();
        assertThat(rev.apply(StringBuilder::toString)).contains("regs!");
        try (Revocable.Access<StringBuilder> a = rev.access()) {
            assertThat(a.available()).isTrue();
            assertThat(a.get().toString()).isEqualTo("regs!");
        }
        assertThat(rev.isRevoked()).isFalse();
        assertThat(rev.name()).isEqualTo("mmio");
    }

    @Test
    void accessFailsAfterRevokeAndValueIsReleasedOnce() {
        assertThat(rev.revoke()).isTrue();
        assertThat(rev.revoke()).isFalse();
        assertThat(rev.revoke(Duration.ofMillis(10))).isTrue();
        assertThat(releases.get()).isEqualTo(1);
        assertThat(rev.isRevoked()).isTrue();
        AtomicBoolean ran = new AtomicBoolean();
        assertThat(rev.run(v -> ran.set(true))).isFalse();
        assertThat(ran.get()).isFalse();
        assertThat(rev.apply(StringBuilder::toString)).isEqualTo(Optional.empty());
        try (Revocable.Access<StringBuilder> a = rev.access()) {
            assertThat(a.available()).isFalse();
            assertThatThrownBy(a::get).isExactlyInstanceOf(IllegalStateException.class)
                    .hasMessage("access to revocable 'mmio': it was revoked (or this access was closed)");
        }
    }

    @Test
    void closedAccessCannotBeUsedAndClosesOnce() {
        Revocable.Access<StringBuilder> a = rev.access();
        a.close();
        a.close();
        assertThatThrownBy(a::get).isInstanceOf(IllegalStateException.class).hasMessageContaining("'mmio'");
        assertThat(rev.revoke(Duration.ZERO)).isTrue();
    }

    @Test
    void revokeWaitsForAnAccessInProgress() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch leave = new CountDownLatch(1);
        List<Integer> releasesSeenInside = new ArrayList<>();
        Thread reader = new Thread(() -> rev.run(v -> {
            inside.countDown();
            try {
                leave.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            releasesSeenInside.add(releases.get());
        }));
        reader.start();
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        CountDownLatch revoked = new CountDownLatch(1);
        Thread revoker = new Thread(() -> {
            rev.revoke();
            revoked.countDown();
        });
        revoker.start();
        assertThat(revoked.await(200, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(releases.get()).isZero();
        leave.countDown();
        assertThat(revoked.await(10, TimeUnit.SECONDS)).isTrue();
        reader.join();
        revoker.join();
        assertThat(releasesSeenInside).containsExactly(0);
        assertThat(releases.get()).isEqualTo(1);
    }

    @Test
    void revokeWithTimeoutRefusesToReleaseWhileAReaderHoldsIt() throws Exception {
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch leave = new java.util.concurrent.CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (Revocable.Access<StringBuilder> a = rev.access()) { // an access belongs to the thread that opened it
                inside.countDown();
                leave.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "reader");
        reader.start();
        assertThat(inside.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        try {
            assertThatThrownBy(() -> rev.revoke(Duration.ofMillis(20))).isExactlyInstanceOf(IllegalStateException.class)
                    .hasMessage("revoke of 'mmio': 1 access(es) still in progress after PT0.02S"
                            + " — the value is not released while a reader holds it");
            assertThat(releases.get()).isZero();
        } finally {
            leave.countDown();
            reader.join(10_000);
        }
        assertThat(rev.revoke(Duration.ofSeconds(10))).isTrue();
        assertThat(releases.get()).isEqualTo(1);
    }

    @Test
    void concurrentRevokesReleaseExactlyOnce() throws Exception {
        for (int round = 0; round < 50; round++) {
            AtomicInteger rel = new AtomicInteger();
            AtomicInteger winners = new AtomicInteger();
            Revocable<Object> r = Revocable.create("r", new Object(), v -> rel.incrementAndGet());
            CountDownLatch go = new CountDownLatch(1);
            Thread[] ts = new Thread[4];
            for (int i = 0; i < ts.length; i++) {
                ts[i] = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (r.revoke()) {
                        winners.incrementAndGet();
                    }
                });
                ts[i].start();
            }
            go.countDown();
            for (Thread t : ts) {
                t.join();
            }
            assertThat(rel.get()).as("round %d", round).isEqualTo(1);
            assertThat(winners.get()).as("round %d: exactly one revoke reports that it revoked", round).isEqualTo(1);
        }
    }

    @Test
    void nullArgumentsAreRefused() {
        assertThatThrownBy(() -> Revocable.create(null, "v", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("Revocable.create: the name must not be null");
        assertThatThrownBy(() -> Revocable.create("x", null, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("Revocable.create: the value of 'x' must not be null");
        assertThatThrownBy(() -> rev.run(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("run on revocable 'mmio': the action must not be null");
        assertThatThrownBy(() -> rev.apply(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("apply on revocable 'mmio': the function must not be null");
    }

    @Test
    @Timeout(10)
    void revokeWithATimeoutReportsReleasedOnlyOnceAConcurrentReleaseHasFinished() throws Exception {
        CountDownLatch inRelease = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Revocable<String> rev = Revocable.create("regs", "mmio", v -> {
            inRelease.countDown();
            try {
                finish.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread winner = new Thread(rev::revoke, "winner");
        winner.start();
        assertThat(inRelease.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(rev.revoke(Duration.ofMillis(30))).as("the winner's release callback is still running").isFalse();
        finish.countDown();
        winner.join();
        assertThat(rev.revoke(Duration.ofMillis(30))).isTrue();
    }

    @Test
    void revokeWithAnEnormousTimeoutAfterAnotherRevokeReportsReleased() {
        Revocable<String> rev = Revocable.create("regs", "mmio", v -> { });
        assertThat(rev.revoke()).isTrue();
        assertThat(rev.revoke(Duration.ofSeconds(Long.MAX_VALUE))).isTrue();
    }
}
