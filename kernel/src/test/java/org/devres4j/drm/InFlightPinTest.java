package org.devres4j.drm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.devres4j.core.Managed;
import org.devres4j.core.UseAfterReleaseException;
import org.devres4j.driver.Bus;
import org.devres4j.driver.Device;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Invariant 11: an ioctl in flight pins its file, so a close racing it on another thread —
 * the last reference of an unregistered device (unregistered, not unplugged: an unplugged device refuses every
 * ioctl at entry) — defers the release until the ioctl returns. Real threads, over
 * 1000 races each way: thread A inside an ioctl handler touching its drmm state, thread B closing the file.
 */
class InFlightPinTest {
    private static final int RACES = 1000;
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** One unregistered DRM device held only by one open file, whose ioctl 0 reads drmm state. */
    private static final class Rig {
        final AtomicInteger seq = new AtomicInteger();
        final AtomicInteger releases = new AtomicInteger();
        volatile int releasedAt;
        volatile int handlerDoneAt;
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch closed = new CountDownLatch(1);
        final boolean forced;
        final DrmFile file;
        final Device parent;
        Managed<int[]> state;

        Rig(int round, boolean forced) {
            this.forced = forced;
            DrmDriver driver = DrmDriver.builder("pin").ioctl(0, "PIN_READ", (f, arg) -> {
                if (this.forced) {
                    entered.countDown();
                    Waits.await(closed, "the close on the other thread");
                }
                int v = state.get()[0];   // drmm state: a UseAfterReleaseException if the device was released under us
                handlerDoneAt = seq.incrementAndGet();
                return v;
            }).build();
            Bus bus = new Bus("pin-" + round);
            parent = bus.newDevice("gpu0");
            parent.add();
            DrmDevice d = DrmDevice.alloc(driver, parent, dev -> "container");
            state = d.managed().alloc("pin state", () -> new int[] {42});
            d.managed().add("count the release", x -> {
                releases.incrementAndGet();
                releasedAt = seq.incrementAndGet();
            });
            d.register();
            file = d.open();
            d.unregister(); // drm_dev_unregister: the names go, open files keep working
            d.put(); // only the file holds the device now
        }
    }

    @Test
    void aCloseDuringAnIoctlReleasesOnlyWhenTheIoctlReturns() throws Exception {
        for (int i = 0; i < RACES; i++) {
            Rig r = new Rig(i, true);
            int race = i;
            Future<Result> a = pool.submit(() -> r.file.ioctl(0, 0));
            Waits.await(r.entered, "thread A to enter its handler (race " + i + ")");
            Future<?> b = pool.submit(() -> {
                r.file.close();
                assertThat(r.releases.get()).as("race " + race + ": the close was not the release: A pins the file").isZero();
                r.closed.countDown();
            });
            b.get(10, TimeUnit.SECONDS);
            Result res;
            try {
                res = a.get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof UseAfterReleaseException) {
                    fail("race " + i + ": the ioctl saw its drmm state released under it", e.getCause());
                }
                throw e;
            }
            assertThat(res.value()).isEqualTo(42);
            assertThat(r.releases.get()).as("race " + i + ": released exactly once").isEqualTo(1);
            assertThat(r.releasedAt).as("race " + i + ": the release ran after the handler").isGreaterThan(r.handlerDoneAt);
            assertThat(r.file.device().isFreed()).isTrue();
            r.parent.del();
            r.parent.put();
        }
    }

    @Test
    void freeRunningIoctlsAndClosesReleaseExactlyOnceAndNeverUnderACall() throws Exception {
        int ran = 0;
        int refused = 0;
        for (int i = 0; i < RACES; i++) {
            Rig r = new Rig(i, false);
            CountDownLatch go = new CountDownLatch(1);
            Future<String> a = pool.submit(() -> {
                go.await();
                try {
                    return "ok " + r.file.ioctl(0, 0).value();
                } catch (UseAfterReleaseException e) {
                    return "use after release: " + e.getMessage();
                } catch (IllegalStateException e) {
                    return "refused";
                }
            });
            Future<?> b = pool.submit(() -> {
                go.await();
                r.file.close();
                return null;
            });
            go.countDown();
            b.get(10, TimeUnit.SECONDS);
            String outcome = a.get(10, TimeUnit.SECONDS);
            assertThat(outcome).as("race " + i).isIn("ok 42", "refused");
            if (outcome.equals("ok 42")) {
                ran++;
                assertThat(r.releasedAt).as("race " + i + ": release after the call").isGreaterThan(r.handlerDoneAt);
            } else {
                refused++;
            }
            assertThat(r.releases.get()).as("race " + i + ": released exactly once").isEqualTo(1);
            r.parent.del();
            r.parent.put();
        }
        System.out.println("free-running pin races: " + RACES + " (" + ran + " ioctls ran, " + refused + " refused as closed)");
    }
}
