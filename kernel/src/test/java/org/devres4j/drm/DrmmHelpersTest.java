package org.devres4j.drm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.devres4j.core.DataRelease;
import org.devres4j.core.ReleaseFailedException;
import org.devres4j.core.TraceEvent;
import org.devres4j.driver.Bus;
import org.devres4j.driver.Device;
import org.junit.jupiter.api.Test;

/**
 * The drmm helpers: the ordered worker drains what was queued before the release and does not wait for itself
 * when the last put runs on it; {@code drmm_release_action} finds an action by its (action, data) pair and
 * refuses a pair that is not on the list, changing nothing.
 */
class DrmmHelpersTest {
    private final List<TraceEvent> events = Collections.synchronizedList(new ArrayList<>());

    private static Device addedParent(Bus bus, String name) {
        Device parent = bus.newDevice(name);
        parent.add();
        return parent;
    }

    @Test
    void aLastPutOnTheOrderedWorkerItselfDoesNotWaitForItself() throws Exception {
        Bus bus = new Bus("worker-put");
        Device parent = addedParent(bus, "gpu0");
        DrmDevice d = DrmDevice.alloc(World.plainDriver(events), parent, dd -> "container");
        ExecutorService worker = Drmm.orderedWorker(d, "w").get();
        AtomicBoolean queuedRan = new AtomicBoolean();
        long start = System.nanoTime();
        CountDownLatch queued = new CountDownLatch(1);
        Future<?> last = worker.submit(() -> {
            queued.await(5, TimeUnit.SECONDS);
            d.put(); // the queued task drops the last reference
            return null;
        });
        worker.submit(() -> queuedRan.set(true));
        queued.countDown();
        last.get(5, TimeUnit.SECONDS); // a self-wait would take the worker's 30 s drain and end in a ReleaseFailedException
        assertThat(d.isFreed()).isTrue();
        assertThat(worker.isShutdown()).as("the release stopped the worker taking work").isTrue();
        assertThat(worker.awaitTermination(5, TimeUnit.SECONDS)).as("the thread ends after its last task").isTrue();
        assertThat(queuedRan).as("work queued before the release still ran").isTrue();
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(10);
        parent.del();
        parent.put();
    }

    @Test
    void releaseOfAMissingPairIsRefusedAndChangesNothing() {
        Bus bus = new Bus("release-action");
        Device parent = addedParent(bus, "gpu0");
        DrmDevice d = DrmDevice.alloc(World.plainDriver(events), parent, dd -> "container");
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        DataRelease<DrmDevice, String> action = (dev, s) -> ran.add(s);
        d.managed().add("act", action, "A");
        d.managed().release(action, "A");
        assertThat(ran).containsExactly("A");
        assertThatThrownBy(() -> d.managed().release(action, "A")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("release on '" + d.name() + "': no action with this (action, data = A) pair is on the list"
                        + " — it was never added here, or it was already released or removed");
        assertThat(ran).containsExactly("A");

        DataRelease<DrmDevice, String> failing = (dev, s) -> {
            throw new IllegalArgumentException("the action's own failure");
        };
        d.managed().add("bad", failing, "B");
        assertThatThrownBy(() -> d.managed().release(failing, "B"))
                .as("an action that throws is a release failure, not a missing pair")
                .isInstanceOf(ReleaseFailedException.class);
        d.put();
        parent.del();
        parent.put();
    }
}
