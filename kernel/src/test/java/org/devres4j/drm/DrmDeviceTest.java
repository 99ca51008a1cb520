package org.devres4j.drm;

import org.devres4j.uapi.Errno;
import org.devres4j.uapi.ErrnoException;
import org.devres4j.uapi.Namespace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.devres4j.core.DataRelease;
import org.devres4j.core.IllegalReferenceCountException;
import org.devres4j.core.ListClosedException;
import org.devres4j.core.Managed;
import org.devres4j.core.TraceEvent;
import org.devres4j.core.UseAfterReleaseException;
import org.devres4j.driver.BoundDevice;
import org.devres4j.driver.Bus;
import org.devres4j.driver.Device;
import org.devres4j.driver.Driver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DrmDevice allocation, refcount, drmm, register/unplug, files — and every bad input, with its message. */
class DrmDeviceTest {
    private final List<TraceEvent> events = Collections.synchronizedList(new ArrayList<>());
    private Bus bus;
    private Device parent;
    private int parentRefs;

    @BeforeEach
    void setUp() {
        bus = new Bus("drm-test");
        parent = bus.newDevice("gpu0");
        parent.add();
        parentRefs = parent.refCount();
    }

    private List<String> verbs(DrmDevice d) {
        synchronized (events) {
            return events.stream().filter(e -> e.owner().equals(d.name())).map(e -> e.verb() + " " + e.name()).toList();
        }
    }

    private DrmDriver driver() {
        return World.plainDriver(events);
    }

    // ------------------------------------------------------------------ lifetime and order

    @Test
    void allocationTakesTheParentReferenceAndItsFirstActionGivesItBackLast() {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        DrmDriver drv = DrmDriver.builder("hooked").trace(events::add).release(d -> order.add("driver release")).build();
        DrmDevice d = DrmDevice.alloc(drv, parent, dd -> "container");
        assertThat(parent.refCount()).isEqualTo(parentRefs + 1);
        assertThat(d.refCount()).isEqualTo(1);
        d.managed().add("first", x -> order.add("first"));
        d.managed().add("second", x -> order.add("second (parent refs " + parent.refCount() + ")"));
        d.get();
        d.put();
        assertThat(d.isFreed()).isFalse();
        d.put();
        assertThat(order).containsExactly("driver release", "second (parent refs " + (parentRefs + 1) + ")", "first");
        assertThat(parent.refCount()).isEqualTo(parentRefs);
        assertThat(verbs(d)).containsSubsequence("ALLOC hooked", "ADD drm_dev_init_release", "ADD first", "ADD second",
                "RELEASE card0", "DRIVER-RELEASE hooked", "REL second", "REL first", "REL drm_dev_init_release", "FREE String");
        assertThat(verbs(d).get(verbs(d).size() - 1)).isEqualTo("FREE String");
        assertThat(bus.namespace().minors()).isEmpty();
    }

    @Test
    void aLastPutWhileStillRegisteredWithdrawsTheNamesFirstAndSaysSo() {
        DrmDevice d = DrmDevice.alloc(driver(), parent, dd -> "container");
        d.register();
        assertThat(bus.namespace().paths()).contains("/dev/dri/card0");
        try (org.devres4j.driver.LogCapture log = org.devres4j.driver.LogCapture.of("org.devres4j.drm")) {
            d.put();
            assertThat(log.warnings()).singleElement().satisfies(r -> {
                assertThat(r.getMessage()).isEqualTo("card0 reached its last put while still registered; withdrawing its names now");
                assertThat(r.getThrown()).isNull();
            });
        }
        assertThat(d.isFreed()).isTrue();
        assertThat(bus.namespace().paths()).as("no name outlives the device").isEmpty();
        assertThat(verbs(d)).containsSubsequence("RELEASE card0", "UNREGISTER card0", "FREE String");
    }

    @Test
    void devmAllocationDropsTheDriversReferenceAtUnbindButOpenFilesKeepTheDevice() {
        DrmDevice[] made = new DrmDevice[1];
        DrmDriver drv = driver();
        bus.registerDriver(new Driver() {
            @Override
            public String name() {
                return "child";
            }

            @Override
            public void probe(BoundDevice dev) {
                made[0] = DrmDevice.devmAlloc(drv, dev);
                made[0].register();
                dev.devres().add("unplug", x -> made[0].unplug());
            }
        });
        Device child = bus.newDevice("child0", parent);
        child.add();
        DrmDevice d = made[0];
        assertThat(d.isDevmAllocated()).isTrue();
        DrmFile f = d.open();
        assertThat(d.refCount()).isEqualTo(2);
        child.unbind();
        assertThat(d.refCount()).isEqualTo(1);
        assertThat(d.isFreed()).isFalse();
        assertThat(d.isUnplugged()).isTrue();
        assertThat(f.ioctl(0, 42).errno()).as("unplugged: ENODEV at entry").isEqualTo(Errno.ENODEV);
        f.close();
        assertThat(d.isFreed()).isTrue();
        assertThat(verbs(d).get(verbs(d).size() - 1)).isEqualTo("FREE DrmDevice card0");
    }

    @Test
    void failedAllocationUnwindsEverythingItRegistered() {
        AtomicInteger ran = new AtomicInteger();
        assertThatThrownBy(() -> DrmDevice.alloc(driver(), parent, d -> {
            d.managed().add("partial", x -> ran.incrementAndGet());
            throw new IllegalStateException("container init failed");
        })).isInstanceOf(IllegalStateException.class).hasMessage("container init failed");
        assertThat(ran.get()).isEqualTo(1);
        assertThat(parent.refCount()).isEqualTo(parentRefs);
        assertThat(bus.namespace().minors()).isEmpty();
        assertThat(events).extracting(TraceEvent::verb).containsSubsequence("ALLOC", "ALLOC-FAIL", "RELEASE", "REL", "FREE");
    }

    @Test
    void drmmHelpersLiveUntilTheLastPutAndTheWorkerIsDrained() throws Exception {
        DrmDevice d = DrmDevice.alloc(driver(), parent, x -> x);
        Managed<String> s = Drmm.strdup(d, "vgpu-name");
        var lock = Drmm.mutex(d, "modeset");
        Managed<ExecutorService> worker = Drmm.orderedWorker(d, "flush");
        AtomicInteger done = new AtomicInteger();
        for (int i = 0; i < 20; i++) {
            worker.get().submit(() -> {
                Thread.sleep(1);
                done.incrementAndGet();
                return null;
            });
        }
        assertThat(s.get()).isEqualTo("vgpu-name");
        lock.get().lock();
        lock.get().unlock();
        ExecutorService ex = worker.get();
        d.put();
        assertThat(done.get()).as("queued work ran before the release finished").isEqualTo(20);
        assertThat(ex.isTerminated()).isTrue();
        assertThatThrownBy(s::get).isInstanceOf(UseAfterReleaseException.class).hasMessageContaining("card0");
        assertThatThrownBy(lock::get).isInstanceOf(UseAfterReleaseException.class);
    }

    @Test
    void zeroSizeAndOverflowingBuffersAreRefused() {
        DrmDevice d = DrmDevice.alloc(driver(), parent, x -> x);
        int size = d.managed().size();
        assertThatThrownBy(() -> d.managed().allocBytes("empty", 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("card0");
        assertThatThrownBy(() -> d.managed().allocArray("huge", Long.MAX_VALUE, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("card0");
        assertThatThrownBy(() -> Drmm.strdup(d, null)).isInstanceOf(NullPointerException.class).hasMessageContaining("card0");
        assertThat(d.managed().size()).isEqualTo(size);
        assertThat(d.managed().allocBytes("ok", 8).read(7)).isZero();
        d.put();
    }

    @Test
    void releaseOfAPairRunsTheMatchingActionNow() {
        DrmDevice d = DrmDevice.alloc(driver(), parent, x -> x);
        List<String> ran = new ArrayList<>();
        DataRelease<DrmDevice, String> action = (dev, data) -> ran.add(data);
        d.managed().add("a", action, "A");
        d.managed().add("b", action, "B");
        int before = d.managed().size();
        d.managed().release(action, "A");
        assertThat(ran).containsExactly("A");
        assertThat(d.managed().size()).isEqualTo(before - 1);
        assertThat(d.managed().find(action, "B")).isPresent();
        d.put();
        assertThat(ran).containsExactly("A", "B");
    }

    @Test
    void kmsObjectsAreCleanedUpWithTheDrmmListAndConnectorsReportDisconnectedAfterUnplug() {
        DrmDevice d = DrmDevice.alloc(driver(), parent, x -> x);
        Kms.modeConfigInit(d);
        Plane p = Kms.plane(d, "primary");
        Crtc c = Kms.crtc(d, "crtc-0");
        Encoder e = Kms.encoder(d, "enc");
        Connector conn = Kms.connector(d, "HDMI-A-1", (k, g) -> ConnectorStatus.CONNECTED);
        d.register();
        assertThat(bus.namespace().paths()).contains("/sys/class/drm/card0-HDMI-A-1");
        assertThat(conn.status()).isEqualTo(ConnectorStatus.CONNECTED);
        d.unplug();
        assertThat(conn.status()).isEqualTo(ConnectorStatus.DISCONNECTED);
        assertThat(Kms.connectors(d)).containsExactly(conn);
        assertThat(Kms.planes(d)).containsExactly(p);
        assertThat(Kms.crtcs(d)).containsExactly(c);
        assertThat(Kms.encoders(d)).containsExactly(e);
        d.put();
        assertThat(conn.isCleanedUp()).isTrue();
        assertThatThrownBy(conn::status).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("HDMI-A-1").hasMessageContaining("cleaned up");
    }

    @Test
    void mappingsAreZappedToTheDummyPageAtUnplugAndHoldTheDevice() {
        DrmDevice d = DrmDevice.alloc(driver(), parent, x -> x);
        d.register();
        DrmFile f = d.open();
        int h = f.createBuffer("bo", 64);
        DrmMapping m = f.mmap(h, 16, 32);
        m.write(0, (byte) 5);
        assertThat(f.buffer(h).orElseThrow().read(16)).isEqualTo((byte) 5);
        f.close();
        d.unplug();
        assertThat(m.isZapped()).isTrue();
        assertThat(m.read(0)).isZero();
        m.write(0, (byte) 1);
        assertThat(m.droppedWrites()).isEqualTo(1);
        d.put();
        assertThat(d.isFreed()).as("the mapping holds a reference").isFalse();
        m.munmap();
        assertThat(d.isFreed()).isTrue();
        assertThatThrownBy(() -> m.read(0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("munmap");
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void doublePutIsRefusedNamingTheDevice() {
        DrmDevice d = DrmDevice.alloc(driver(), parent, x -> x);
        d.put();
        int n = events.size();
        assertThatThrownBy(d::put).isInstanceOf(IllegalReferenceCountException.class)
                .hasMessageContaining("card0").hasMessageContaining("already 0");
        assertThat(events).hasSize(n);
        assertThat(parent.refCount()).isEqualTo(parentRefs);
    }

    @Test
    void useAfterTheFinalFreeIsRefused() {
        DrmDevice d = DrmDevice.alloc(driver(), parent, x -> x);
        d.put();
        assertThatThrownBy(d::enter).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("enter on card0 refused").hasMessageContaining("last put");
        assertThatThrownBy(d::register).isInstanceOf(IllegalStateException.class).hasMessageContaining("register on card0 refused");
        assertThatThrownBy(d::get).isInstanceOf(IllegalReferenceCountException.class).hasMessageContaining("card0");
        assertThatThrownBy(d::open).isInstanceOf(ErrnoException.class).hasMessageContaining("ENODEV").hasMessageContaining("released");
        assertThatThrownBy(() -> d.managed().add("late", x -> { })).isInstanceOf(ListClosedException.class).hasMessageContaining("card0");
        AtomicInteger ran = new AtomicInteger();
        assertThatThrownBy(() -> d.managed().addOrReset("late", x -> ran.incrementAndGet())).isInstanceOf(ListClosedException.class);
        assertThat(ran.get()).as("addOrReset ran the action at once").isEqualTo(1);
        assertThatThrownBy(() -> Kms.connector(d, "late", (c, g) -> ConnectorStatus.UNKNOWN)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("card0");
    }

    @Test
    void releaseOfAPairNeverAddedIsRefusedAndChangesNothing() {
        DrmDevice d = DrmDevice.alloc(driver(), parent, x -> x);
        DataRelease<DrmDevice, String> action = (dev, data) -> { };
        d.managed().add("a", action, "A");
        int size = d.managed().size();
        assertThatThrownBy(() -> d.managed().release(action, "other")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("release on 'card0': no action with this (action, data = other) pair is on the list — it was never added here, or it was already released or removed");
        assertThat(d.managed().size()).isEqualTo(size);
        d.put();
    }

    @Test
    void enterWithoutExitIsReportedByUnplugAfterABoundedWait() throws Exception {
        DrmDevice d = DrmDevice.alloc(driver(), parent, x -> x);
        d.register();
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread leaker = new Thread(() -> {
            DrmSection leaked = d.enter();
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            leaked.close();
        });
        leaker.start();
        entered.await();
        assertThatThrownBy(() -> d.unplug(Duration.ofMillis(100))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unplug of card0").hasMessageContaining("1 enter/exit section(s) still inside")
                .hasMessageContaining("enter() without its exit()");
        assertThat(d.isUnplugged()).isTrue();
        assertThat(d.isRegistered()).isFalse();
        assertThat(d.enter().entered()).isFalse();
        release.countDown();
        leaker.join();
        d.unplug(Duration.ofMillis(100)); // now drained: no error
        d.put();
    }

    @Test
    void unplugFromInsideOwnSectionAndExitOnAnotherThreadAreRefused() throws Exception {
        DrmDevice d = DrmDevice.alloc(driver(), parent, x -> x);
        d.register();
        DrmSection s = d.enter();
        assertThatThrownBy(d::unplug).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unplug of card0 refused").hasMessageContaining("would wait for itself");
        assertThat(d.isUnplugged()).as("nothing changed").isFalse();
        Throwable[] seen = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                s.close();
            } catch (Throwable e) {
                seen[0] = e;
            }
        });
        t.start();
        t.join();
        assertThat(seen[0]).isInstanceOf(IllegalStateException.class).hasMessageContaining("must be exited there");
        assertThat(d.sectionsInside()).isEqualTo(1);
        s.close();
        d.unplug();
        d.put();
    }

    @Test
    void unknownIoctlIsEinvalAndMmapOutsideABufferIsEinval() {
        DrmDevice d = DrmDevice.alloc(driver(), parent, x -> x);
        d.register();
        DrmFile f = d.open();
        Result r = f.ioctl(77, 0);
        assertThat(r.errno()).isEqualTo(Errno.EINVAL);
        assertThat(r.message()).contains("ioctl 77").contains("card0").contains("not in the table");
        int h = f.createBuffer("bo", 100);
        assertThatThrownBy(() -> f.mmap(h, 90, 20)).isInstanceOf(ErrnoException.class)
                .satisfies(e -> assertThat(((ErrnoException) e).errno()).isEqualTo(Errno.EINVAL))
                .hasMessageContaining("outside buffer").hasMessageContaining("card0");
        assertThatThrownBy(() -> f.mmap(h, -1, 10)).isInstanceOf(ErrnoException.class).hasMessageContaining("EINVAL");
        assertThatThrownBy(() -> f.mmap(99, 0, 10)).isInstanceOf(ErrnoException.class).hasMessageContaining("ENOENT");
        assertThatThrownBy(() -> f.createBuffer("zero", 0)).isInstanceOf(ErrnoException.class).hasMessageContaining("EINVAL");
        assertThat(d.liveMappings()).isZero();
        assertThat(d.refCount()).as("failed mmaps keep no reference").isEqualTo(2);
        f.close();
        assertThatThrownBy(f::close).isInstanceOf(IllegalStateException.class).hasMessageContaining("already closed");
        assertThatThrownBy(() -> f.ioctl(0, 0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        d.unplug();
        d.put();
    }

    @Test
    void registerRulesAreEnforced() {
        DrmDevice bare = DrmDevice.alloc(driver(), parent);
        assertThatThrownBy(bare::register).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("register of card0 refused: nothing owns its final free");
        assertThatThrownBy(bare::open).isInstanceOf(ErrnoException.class).hasMessageContaining("not registered");
        assertThat(bare.refCount()).isEqualTo(1);
        bare.addFinalFree("owner");
        assertThatThrownBy(() -> bare.addFinalFree("again")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already has an owner");
        bare.register();
        assertThatThrownBy(bare::register).isInstanceOf(IllegalStateException.class).hasMessageContaining("already registered");
        bare.unplug();
        assertThat(bare.unregister()).as("unregister after unplug is a no-op").isFalse();
        assertThatThrownBy(bare::register).isInstanceOf(IllegalStateException.class).hasMessageContaining("unplugged");
        bare.put();
    }

    @Test
    void aNameTakenInTheNamespaceIsEexistAndRegisterLeavesNothingPublished() {
        Namespace ns = bus.namespace();
        DrmDevice d = DrmDevice.alloc(driver(), parent, x -> x);
        ns.publish("/sys/class/drm/card0", "squatter");
        assertThatThrownBy(d::register).isInstanceOf(ErrnoException.class).hasMessageContaining("EEXIST")
                .hasMessageContaining("/sys/class/drm/card0").hasMessageContaining("squatter");
        assertThat(ns.paths()).containsExactly("/sys/class/drm/card0");
        assertThat(d.isRegistered()).isFalse();
        SysfsEntry e = SysfsEntry.create(d, "tile0");
        assertThatThrownBy(() -> SysfsEntry.create(d, "tile0")).isInstanceOf(ErrnoException.class).hasMessageContaining("EEXIST");
        e.remove();
        assertThatThrownBy(e::remove).isInstanceOf(IllegalStateException.class).hasMessageContaining("already removed");
        d.put();
    }

    @Test
    void aDrmDevicePublishesInTheNamespaceItsBusWasMadeWith() {
        Namespace mine = Namespace.inMemory("sim-sysfs");
        Bus other = new Bus("ns-bus", mine);
        Device gpu = other.newDevice("gpu7");
        gpu.add();
        DrmDevice d = DrmDevice.alloc(driver(), gpu, x -> x);
        d.register();
        assertThat(d.namespace()).isSameAs(mine).isSameAs(other.namespace());
        assertThat(mine.paths()).contains("/dev/dri/card0", "/sys/devices/gpu7/drm/card0");
        assertThat(bus.namespace().paths()).as("another bus's namespace holds none of these").doesNotContain("/dev/dri/card0");
        d.unplug();
        d.put();
        assertThat(mine.paths()).isEmpty();
        assertThatThrownBy(() -> mine.freeMinor(0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("not allocated");
    }

    @Test
    void nullArgumentsAreRefusedNamingTheRule() {
        assertThatThrownBy(() -> DrmDevice.alloc(null, parent)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("the driver must not be null");
        assertThatThrownBy(() -> DrmDevice.alloc(driver(), null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("the parent device must not be null");
        assertThatThrownBy(() -> DrmDevice.alloc(driver(), parent, null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("container factory");
        assertThat(parent.refCount()).isEqualTo(parentRefs);
        DrmDevice d = DrmDevice.alloc(driver(), parent, x -> x);
        assertThatThrownBy(() -> d.unplug(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("card0");
        assertThatThrownBy(() -> d.addTraceListener(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("card0");
        d.put();
    }

    @Test
    void tokenFormOfEnterAndExit() {
        DrmDevice d = DrmDevice.alloc(driver(), parent, x -> x);
        assertThatThrownBy(() -> d.exit(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exit on card0 refused").hasMessageContaining("without its enter");
        int t = d.tryEnter();
        assertThat(t).isNotEqualTo(org.devres4j.core.Gate.REFUSED);
        assertThat(d.sectionsInside()).isEqualTo(1);
        assertThatThrownBy(d::unplug).isInstanceOf(IllegalStateException.class).hasMessageContaining("would wait for itself");
        d.exit(t);
        d.unplug();
        int refused = d.tryEnter();
        assertThat(refused).isEqualTo(org.devres4j.core.Gate.REFUSED);
        assertThatThrownBy(() -> d.exit(refused)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("REFUSED");
        d.put();
    }

    @Test
    void aWrongTokenWhileHoldingASectionIsTheGatesRefusalAndChangesNothing() throws Exception {
        DrmDevice d = DrmDevice.alloc(driver(), parent, x -> x);
        int mine = d.tryEnter();
        // a token this thread never got: the gate's own refusal passes through (the device-named one is for a thread holding none)
        assertThatThrownBy(() -> d.exit(mine + 1000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("token " + (mine + 1000) + " was not returned by tryEnter");
        int[] theirs = new int[1];
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread other = new Thread(() -> {
            theirs[0] = d.tryEnter();
            entered.countDown();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            d.exit(theirs[0]);
        }, "other-reader");
        other.start();
        assertThat(entered.await(10, TimeUnit.SECONDS)).as("the other thread entered").isTrue();
        assertThatThrownBy(() -> d.exit(theirs[0])).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("token " + theirs[0] + " is a section of thread 'other-reader'");
        assertThat(d.sectionsInside()).as("both sections still inside after the refusals").isEqualTo(2);
        done.countDown();
        other.join(10_000);
        d.exit(mine);
        assertThat(d.sectionsInside()).isZero();
        d.unplug();
        d.put();
    }

    @Test
    void driverTableRejectsADuplicateNumber() {
        DrmDriver.Builder b = DrmDriver.builder("dup").ioctl(1, "A", (f, a) -> 0);
        assertThatThrownBy(() -> b.ioctl(1, "B", (f, a) -> 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ioctl number 1 (B) is already taken by A");
        assertThatThrownBy(() -> b.ioctl(-1, "C", (f, a) -> 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    }

    @Test
    void devmAllocOnAnEndedBindingIsRefused() {
        BoundDevice[] kept = new BoundDevice[1];
        bus.registerDriver(new Driver() {
            @Override
            public String name() {
                return "keeper";
            }

            @Override
            public void probe(BoundDevice dev) {
                kept[0] = dev;
            }
        });
        Device k = bus.newDevice("keeper0", parent);
        k.add();
        k.unbind();
        int refs = k.refCount();
        assertThatThrownBy(() -> DrmDevice.devmAlloc(driver(), kept[0])).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keeper0").hasMessageContaining("binding has ended");
        assertThat(k.refCount()).isEqualTo(refs);
        assertThat(bus.namespace().minors()).isEmpty();
    }
}
