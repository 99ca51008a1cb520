package org.devres4j.drm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.devres4j.driver.Bus;
import org.devres4j.driver.Device;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** unplug's wait: interrupt-safe, refused from inside the caller's own section, durations clamped. */
class UnplugWaitTest {
    private Bus bus;
    private Device parent;
    private DrmDevice d;
    private Thread holder;
    private final CountDownLatch inside = new CountDownLatch(1);
    private final CountDownLatch leave = new CountDownLatch(1);

    @BeforeEach
    void setUp() {
        bus = new Bus("unplug-wait");
        parent = bus.newDevice("gpu0");
        parent.add();
        d = DrmDevice.alloc(DrmDriver.builder("w").build(), parent, x -> "container");
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        leave.countDown();
        if (holder != null) {
            holder.join(10_000);
        }
        d.put();
        parent.del();
        parent.put();
    }

    /** Another thread enters a section and stays until the test ends. */
    private void holdASectionElsewhere() throws InterruptedException {
        holder = new Thread(() -> {
            try (DrmSection s = d.enter()) {
                inside.countDown();
                leave.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "section-holder");
        holder.start();
        assertThat(inside.await(10, TimeUnit.SECONDS)).as("the holder entered its section").isTrue();
    }

    @Test
    void anUnplugFromInsideItsOwnSectionIsRefusedAndChangesNothing() {
        try (DrmSection s = d.enter()) {
            assertThatThrownBy(d::unplug).isInstanceOf(IllegalStateException.class)
                    .hasMessage("unplug of card0 refused: the calling thread is inside 1 of its enter/exit section(s) and "
                            + "would wait for itself; exit first (nothing was changed)");
            assertThat(d.isUnplugged()).isFalse();
        }
        d.unplug();
        assertThat(d.isUnplugged()).isTrue();
    }

    @Test
    void aNegativeWaitCountsAsZeroAndAnOverflowingOneAsTheLongest() throws InterruptedException {
        holdASectionElsewhere();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> d.unplug(Duration.ofSeconds(Long.MIN_VALUE))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1 enter/exit section(s) still inside");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("a negative wait does not wait for ever")
                .isLessThan(Duration.ofSeconds(5));
        leave.countDown();
        holder.join(10_000);
        d.unplug(Duration.ofSeconds(Long.MAX_VALUE)); // no section left: returns at once, no overflow
        assertThat(d.sectionsInside()).isZero();
    }

    @Test
    void anInterruptedUnplugKeepsTheInterruptStatus() throws InterruptedException {
        holdASectionElsewhere();
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> d.unplug(Duration.ofMillis(200))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("still inside");
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt status is kept").isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void anInterruptedUnplugDoesNotSpin() throws InterruptedException {
        holdASectionElsewhere();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Thread.currentThread().interrupt();
        long cpu0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        try {
            assertThatThrownBy(() -> d.unplug(Duration.ofMillis(500))).isInstanceOf(IllegalStateException.class);
        } finally {
            Thread.interrupted();
        }
        long cpu = mx.getCurrentThreadCpuTime() - cpu0;
        long wall = System.nanoTime() - t0;
        assertThat(cpu).as("CPU time while waiting %d ms", wall / 1_000_000).isLessThan(wall / 4);
    }
}
