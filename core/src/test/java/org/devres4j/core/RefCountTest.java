package org.devres4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** DESIGN.md invariant 8 and kref semantics. */
class RefCountTest {

    private final AtomicInteger released = new AtomicInteger();
    private final RefCount ref = RefCount.create("card0", released::incrementAndGet);

    @Test
    void startsAtOneAndReleasesAtTheLastPut() {
        assertThat(ref.count()).isEqualTo(1);
        ref.get();
        ref.get();
        assertThat(ref.count()).isEqualTo(3);
        assertThat(ref.put()).isFalse();
        assertThat(ref.put()).isFalse();
        assertThat(released.get()).isZero();
        assertThat(ref.put()).isTrue();
        assertThat(released.get()).isEqualTo(1);
        assertThat(ref.isReleased()).isTrue();
        assertThat(ref.name()).isEqualTo("card0");
    }

    @Test
    void putBelowZeroIsRefusedAndCountStaysZero() {
        ref.put();
        assertThatThrownBy(ref::put).isExactlyInstanceOf(IllegalReferenceCountException.class)
                .hasMessage("put on 'card0' refused: its count is already 0 — a reference can only be dropped once (count stays 0)");
        assertThat(ref.count()).isZero();
        assertThat(released.get()).isEqualTo(1);
    }

    @Test
    void getOnDeadObjectIsRefused() {
        ref.put();
        assertThatThrownBy(ref::get).isExactlyInstanceOf(IllegalReferenceCountException.class)
                .hasMessage("get on 'card0' refused: its count already reached 0 and it was released"
                        + " — a dead object cannot be revived");
        assertThat(ref.count()).isZero();
        assertThat(released.get()).isEqualTo(1);
    }

    @Test
    void tryGetOnDeadObjectReturnsFalse() {
        assertThat(ref.tryGet()).isTrue();
        ref.put();
        ref.put();
        assertThat(ref.tryGet()).isFalse();
        assertThat(ref.count()).isZero();
    }

    @Test
    void nullArgumentsAreRefused() {
        assertThatThrownBy(() -> RefCount.create(null, () -> { })).isInstanceOf(NullPointerException.class)
                .hasMessage("RefCount.create: the name must not be null");
        assertThatThrownBy(() -> RefCount.create("x", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("RefCount.create: the release callback of 'x' must not be null");
    }

    @Test
    void concurrentGetPutReleasesExactlyOnce() throws Exception {
        for (int round = 0; round < 50; round++) {
            AtomicInteger rel = new AtomicInteger();
            RefCount r = RefCount.create("r" + round, rel::incrementAndGet);
            int threads = 4;
            for (int i = 0; i < threads; i++) {
                r.get();
            }
            Thread[] ts = new Thread[threads];
            for (int i = 0; i < threads; i++) {
                ts[i] = new Thread(() -> {
                    for (int k = 0; k < 200; k++) {
                        r.get();
                        r.put();
                    }
                    r.put();
                });
                ts[i].start();
            }
            for (Thread t : ts) {
                t.join();
            }
            assertThat(rel.get()).as("round %d", round).isZero();
            assertThat(r.put()).isTrue();
            assertThat(rel.get()).as("round %d", round).isEqualTo(1);
        }
    }
}
