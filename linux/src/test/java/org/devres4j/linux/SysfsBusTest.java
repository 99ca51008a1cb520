package org.devres4j.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bus's rules on a fake sysfs tree with scripted events (no root needed): coldplug without racing the
 * event stream, deduplication by seqnum and identity, the surprise unplug's order, replacement, rename,
 * resync, close, and every refusal with its message.
 */
@Timeout(120)
class SysfsBusTest {

    @TempDir
    Path dir;
    FakeSysfs tree;
    FakeSysfs.Script script;
    SysfsBus bus;
    Recorder rec;
    RecordingDriver driver;

    /** Opens "mtu" at probe, adds devres actions a then b, and logs probe, remove and each release. */
    static final class RecordingDriver implements SysfsDriver {
        final List<String> log = Collections.synchronizedList(new ArrayList<>());
        final Map<String, Attribute> mtu = new ConcurrentHashMap<>();
        volatile boolean failProbe;

        @Override
        public String name() {
            return "rec";
        }

        @Override
        public boolean matches(SysfsDevice device) {
            return DeviceMatch.name("eth*").test(device);
        }

        @Override
        public void probe(SysfsBinding b) throws IOException {
            String n = b.device().name();
            log.add("probe " + n);
            mtu.put(n, b.openAttribute("mtu"));
            b.devres().add("a", d -> log.add("rel a " + d.name()));
            b.devres().add("b", d -> log.add("rel b " + d.name()));
            if (failProbe) {
                throw new IOException("probe of " + n + " refused by the test");
            }
        }

        @Override
        public void remove(SysfsBinding b) {
            log.add("remove " + b.device().name() + " gate shut=" + b.isShut());
        }
    }

    @BeforeEach
    void setUp() {
        tree = new FakeSysfs(dir);
        script = new FakeSysfs.Script();
        driver = new RecordingDriver();
        rec = new Recorder();
    }

    @AfterEach
    void tearDown() {
        if (bus != null) {
            bus.close();
        }
    }

    private void startBus() {
        bus = new SysfsBus(tree.sysfs, script);
        bus.addListener(rec);
        bus.register(driver);
        bus.start();
    }

    @Test
    void coldplugEnumeratesFirstAndSkipsQueuedEventsTheEnumerationAlreadySaw() throws Exception {
        tree.add("eth0", 2).add("lo", 1);
        tree.seqnum(100);
        script.offer(tree.event(KernelEvent.Action.ADD, "eth0", 2, 99)); // queued before start, already seen
        startBus();

        assertThat(rec.of(LinuxEvent.Plugged.class)).extracting(LinuxEvent.Plugged::device, LinuxEvent.Plugged::origin)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("eth0", KernelEvent.Origin.COLDPLUG),
                        org.assertj.core.groups.Tuple.tuple("lo", KernelEvent.Origin.COLDPLUG));
        assertThat(rec.await(LinuxEvent.Skipped.class, s -> s.event().seqnum() == 99).reason())
                .isEqualTo("already enumerated (seqnum 99 <= 100)");
        assertThat(bus.device("eth0").orElseThrow().driverName()).contains("rec");
        assertThat(bus.device("lo").orElseThrow().driverName()).isEmpty();

        tree.add("eth1", 7);
        script.offer(tree.event(KernelEvent.Action.ADD, "eth1", 7, 101),
                tree.event(KernelEvent.Action.ADD, "eth0", 2, 102),
                tree.event(KernelEvent.Action.REMOVE, "ghost", 9, 103));
        assertThat(rec.await(LinuxEvent.Skipped.class, s -> s.event().seqnum() == 102).reason()).isEqualTo("duplicate");
        assertThat(rec.await(LinuxEvent.Skipped.class, s -> s.event().seqnum() == 103).reason()).isEqualTo("unknown device");
        assertThat(rec.of(LinuxEvent.Plugged.class)).extracting(LinuxEvent.Plugged::device).containsExactly("eth0", "lo", "eth1");
        assertThat(driver.log).containsExactly("probe eth0", "probe eth1");
    }

    @Test
    void aKernelRemoveIsASurpriseUnplugGateShutThenRemoveThenDevresNewestFirst() throws Exception {
        tree.add("eth0", 2);
        startBus();
        SysfsDevice eth0 = bus.device("eth0").orElseThrow();
        Attribute mtu = driver.mtu.get("eth0");
        assertThat(mtu.read().text()).isEqualTo("1500");
        assertThat(eth0.devres()).containsExactly("close mtu", "a", "b");

        tree.remove("eth0");
        script.offer(tree.event(KernelEvent.Action.REMOVE, "eth0", 2, 5));
        LinuxEvent.Unplugged u = rec.await(LinuxEvent.Unplugged.class, x -> x.device().equals("eth0"));

        assertThat(u.reason()).isEqualTo("removed by the kernel");
        assertThat(u.wasBound()).isTrue();
        assertThat(u.latencyNanos()).isNotNegative();
        rec.await(LinuxEvent.Trace.class, t -> t.verb().equals("DEVICE-FREE") && t.device().equals("eth0"));
        assertThat(driver.log).containsExactly("probe eth0", "remove eth0 gate shut=true", "rel b eth0", "rel a eth0");
        assertThat(rec.trace("eth0")).containsSubsequence("BIND rec", "REL b", "REL a", "REL close mtu", "UNBIND rec",
                "DEVICE-DEL eth0", "DEVICE-FREE eth0");
        assertThat(eth0.isPresent()).isFalse();
        assertThat(bus.device("eth0")).isEmpty();
        Reading after = mtu.read();
        assertThat(after.status()).isEqualTo(Reading.Status.GONE);
        assertThat(after.gone()).isEqualTo(Reading.Gone.REFUSED);
        assertThat(eth0.refusedReads()).isEqualTo(1);
        assertThat(eth0.reads()).isEqualTo(1);
    }

    @Test
    void aProbeWaitsForTheFilesOfADeviceStillBeingMade() throws Exception {
        tree.add("eth0", 2, Map.of("type", "1")); // directory there, mtu not yet
        Thread maker = new Thread(() -> {
            try {
                Thread.sleep(50);
                java.nio.file.Files.writeString(dir.resolve("devices/virtual/net/eth0/mtu"), "1500\n");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        maker.start();
        startBus();
        maker.join();
        assertThat(bus.device("eth0").orElseThrow().driverName()).contains("rec");
        assertThat(driver.mtu.get("eth0").read().text()).isEqualTo("1500");
    }

    @Test
    void aDeviceEnumeratedHalfMadeIsProbedAgainWhenTheKernelAnnouncesIt() throws Exception {
        tree.add("eth0", 2, Map.of("type", "1")); // directory there, mtu not yet: the kernel is still making it
        tree.seqnum(10);
        QuietLogs quiet = new QuietLogs("org.devres4j.driver");
        try {
            startBus();
            assertThat(bus.device("eth0").orElseThrow().lastProbeError()).isPresent();
            java.nio.file.Files.writeString(dir.resolve("devices/virtual/net/eth0/mtu"), "1500\n");
            script.offer(tree.event(KernelEvent.Action.ADD, "eth0", 2, 11));
            assertThat(rec.await(LinuxEvent.Skipped.class, x -> x.event().seqnum() == 11).reason())
                    .isEqualTo("duplicate; probing again after the failed probe");
            rec.await(LinuxEvent.Trace.class, t -> t.verb().equals("BIND"));
        } finally {
            quiet.close();
        }
        assertThat(bus.device("eth0").orElseThrow().driverName()).contains("rec");
        assertThat(driver.mtu.get("eth0").read().text()).isEqualTo("1500");
        assertThat(rec.of(LinuxEvent.Plugged.class)).hasSize(1);
    }

    @Test
    void anAddUnderAKnownNameWithAnotherIdentityReplacesTheOldDevice() throws Exception {
        tree.add("eth0", 2);
        startBus();
        SysfsDevice old = bus.device("eth0").orElseThrow();
        tree.remove("eth0");
        tree.add("eth0", 8);
        script.offer(tree.event(KernelEvent.Action.ADD, "eth0", 8, 3));
        rec.await(LinuxEvent.Plugged.class, p -> p.identity().equals("ifindex 8"));
        Wait.until("the new eth0 bound", java.time.Duration.ofSeconds(10), () -> driver.log.size() == 5, driver.log::toString);

        assertThat(rec.of(LinuxEvent.Unplugged.class)).singleElement()
                .satisfies(u -> assertThat(u.reason()).isEqualTo("replaced by ifindex 8"));
        assertThat(old.isPresent()).isFalse();
        assertThat(bus.device("eth0").orElseThrow().identity()).isEqualTo("ifindex 8");
        assertThat(driver.log).containsExactly("probe eth0", "remove eth0 gate shut=true", "rel b eth0", "rel a eth0", "probe eth0");
    }

    @Test
    void aMoveIsAnUnplugOfTheOldNameAndAPlugOfTheNew() throws Exception {
        tree.add("eth0", 2);
        startBus();
        tree.remove("eth0");
        tree.add("eth9", 2);
        KernelEvent move = new KernelEvent(KernelEvent.Action.MOVE, "/devices/virtual/net/eth9", "net", 4,
                Map.of("INTERFACE", "eth9", "IFINDEX", "2", "DEVPATH_OLD", "/devices/virtual/net/eth0"),
                KernelEvent.Origin.NETLINK, System.nanoTime());
        script.offer(move);
        rec.await(LinuxEvent.Trace.class, t -> t.verb().equals("BIND") && t.device().equals("eth9"));

        assertThat(rec.of(LinuxEvent.Unplugged.class)).singleElement()
                .satisfies(u -> assertThat(u.reason()).isEqualTo("renamed to eth9"));
        assertThat(bus.devices()).extracting(SysfsDevice::name).containsExactly("eth9");
        assertThat(driver.log).containsExactly("probe eth0", "remove eth0 gate shut=true", "rel b eth0", "rel a eth0", "probe eth9");
    }

    @Test
    void afterLostEventsTheBusComparesItselfWithSysfs() throws Exception {
        tree.add("eth0", 2).add("eth1", 3);
        startBus();
        tree.remove("eth0");
        tree.add("eth2", 4);
        script.offer(KernelEvent.resync("net", KernelEvent.Origin.NETLINK));
        LinuxEvent.Resynced r = rec.await(LinuxEvent.Resynced.class, x -> x.unplugged() > 0); // the first one is the start's coldplug

        assertThat(r.plugged()).isEqualTo(1);
        assertThat(r.unplugged()).isEqualTo(1);
        assertThat(bus.devices()).extracting(SysfsDevice::name).containsExactly("eth1", "eth2");
    }

    @Test
    void closeUnplugsEveryDeviceNewestFirstStopsTheThreadAndClosesTheSource() {
        tree.add("eth0", 2).add("eth1", 3);
        startBus();
        bus.close();

        assertThat(script.isClosed()).isTrue();
        assertThat(bus.isRunning()).isFalse();
        assertThat(rec.of(LinuxEvent.Unplugged.class)).extracting(LinuxEvent.Unplugged::device, LinuxEvent.Unplugged::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("eth1", "bus closed"),
                        org.assertj.core.groups.Tuple.tuple("eth0", "bus closed"));
        assertThat(driver.log).containsExactly("probe eth0", "probe eth1", "remove eth1 gate shut=true", "rel b eth1",
                "rel a eth1", "remove eth0 gate shut=true", "rel b eth0", "rel a eth0");
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("devres4j-linux-net-events"));
        bus.close(); // idempotent
    }

    @Test
    void aFailingProbeShutsTheGateAndReleasesWhatItOpened() {
        tree.add("eth0", 2);
        driver.failProbe = true;
        QuietLogs quiet = new QuietLogs("org.devres4j.driver");
        try {
            startBus();
        } finally {
            quiet.close();
        }
        SysfsDevice eth0 = bus.device("eth0").orElseThrow();
        assertThat(eth0.driverName()).isEmpty();
        assertThat(eth0.lastProbeError()).get().extracting(Throwable::getMessage).isEqualTo("probe of eth0 refused by the test");
        assertThat(eth0.devres()).isEmpty();
        assertThat(driver.log).containsExactly("probe eth0", "rel b eth0", "rel a eth0");
        assertThat(driver.mtu.get("eth0").read().gone()).isEqualTo(Reading.Gone.REFUSED);
    }

    @Test
    void unregisteringTheDriverShutsTheGateAndAReRegistrationBindsAgain() {
        tree.add("eth0", 2);
        startBus();
        Attribute first = driver.mtu.get("eth0");
        bus.unregister(driver);

        assertThat(first.read().gone()).isEqualTo(Reading.Gone.REFUSED);
        assertThat(bus.device("eth0").orElseThrow().devres()).isEmpty();
        assertThat(driver.log).containsExactly("probe eth0", "remove eth0 gate shut=true", "rel b eth0", "rel a eth0");

        bus.register(driver);
        assertThat(driver.mtu.get("eth0")).isNotSameAs(first);
        assertThat(driver.mtu.get("eth0").read().text()).isEqualTo("1500");
    }

    @Test
    void aListenerThatThrowsDoesNotStopAnUnplug() throws Exception {
        tree.add("eth0", 2);
        startBus();
        bus.addListener(e -> {
            throw new IllegalStateException("listener failure planted by the test");
        });
        // Listeners run in the order they were added, and a listener's failure is logged before the next one
        // runs: this one, added after the throwing one, hears DEVICE-FREE only once its failure was logged —
        // so the logs stay quiet until then (waiting for the recorder, added first, could restore them early).
        CountDownLatch afterTheThrower = new CountDownLatch(1);
        bus.addListener(e -> {
            if (e instanceof LinuxEvent.Trace t && t.verb().equals("DEVICE-FREE")) {
                afterTheThrower.countDown();
            }
        });
        QuietLogs quiet = new QuietLogs("org.devres4j.linux");
        try {
            tree.remove("eth0");
            script.offer(tree.event(KernelEvent.Action.REMOVE, "eth0", 2, 5));
            rec.await(LinuxEvent.Trace.class, t -> t.verb().equals("DEVICE-FREE"));
            assertThat(afterTheThrower.await(10, TimeUnit.SECONDS)).as("the listener after the throwing one heard DEVICE-FREE").isTrue();
        } finally {
            quiet.close();
        }
        assertThat(driver.log).containsExactly("probe eth0", "remove eth0 gate shut=true", "rel b eth0", "rel a eth0");
    }

    @Test
    void aFileClosedUnderAnOpenGateIsTheOrderRuleBrokenAndSaysSo() throws Exception {
        tree.add("eth0", 2);
        startBus();
        Attribute mtu = driver.mtu.get("eth0");
        mtu.close(); // what a release running before the gate shut would do
        assertThatThrownBy(mtu::read).isInstanceOf(IllegalStateException.class)
                .hasMessage("read of attribute 'mtu' of device 'eth0' inside an open section found its file closed — "
                        + "the binding's gate must be shut before its devres list closes the files");
    }

    @Test
    void refusalsNameTheBusAndTheRule() {
        tree.add("eth0", 2);
        startBus();
        assertThatThrownBy(bus::start).isInstanceOf(IllegalStateException.class)
                .hasMessage("start of SysfsBus 'net' refused: it was already started — a bus starts once");
        assertThatThrownBy(() -> bus.register(driver)).isInstanceOf(IllegalStateException.class)
                .hasMessage("register of driver 'rec' on SysfsBus 'net' refused: it is already registered — a driver is registered once");
        RecordingDriver other = new RecordingDriver();
        assertThatThrownBy(() -> bus.unregister(other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unregister of driver 'rec' on SysfsBus 'net' refused: it is not registered here");
        assertThatThrownBy(() -> bus.addListener(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("SysfsBus 'net': the listener must not be null");
        assertThat(bus.device("eth0").orElseThrow().driverName()).contains("rec"); // nothing changed

        bus.close();
        assertThatThrownBy(() -> bus.register(other)).isInstanceOf(IllegalStateException.class)
                .hasMessage("register of driver 'rec' on SysfsBus 'net' refused: the bus is closed");
        assertThatThrownBy(bus::start).isInstanceOf(IllegalStateException.class)
                .hasMessage("start of SysfsBus 'net' refused: it was already closed — a bus starts once");
        FakeSysfs.Script closed = new FakeSysfs.Script();
        closed.close();
        assertThatThrownBy(() -> new SysfsBus(tree.sysfs, closed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("SysfsBus: the hot-plug source ").hasMessageEndingWith(" is refused: it is closed "
                        + "— a bus needs a source that is still listening");
    }

    @Test
    void attributesOutsideTheDeviceDirectoryAreRefused() throws Exception {
        tree.add("eth0", 2);
        List<Throwable> errors = new ArrayList<>();
        SysfsDriver probing = new SysfsDriver() {
            @Override
            public String name() {
                return "escape";
            }

            @Override
            public boolean matches(SysfsDevice device) {
                return true;
            }

            @Override
            public void probe(SysfsBinding b) {
                for (String bad : new String[] {"../eth1/mtu", "/etc/passwd", " "}) {
                    try {
                        b.openAttribute(bad);
                    } catch (IllegalArgumentException | IOException e) {
                        errors.add(e);
                    }
                }
            }
        };
        bus = new SysfsBus(tree.sysfs, script);
        bus.register(probing);
        bus.start();
        assertThat(errors).extracting(Throwable::getMessage).containsExactly(
                "attribute '../eth1/mtu' of device 'eth0' is refused: it must be a relative path inside the device directory (no '..')",
                "attribute '/etc/passwd' of device 'eth0' is refused: it must be a relative path inside the device directory (no '..')",
                "attribute ' ' of device 'eth0' is refused: it must be a relative path inside the device directory (no '..')");
        assertThat(bus.device("eth0").orElseThrow().devres()).isEmpty();
    }
}
