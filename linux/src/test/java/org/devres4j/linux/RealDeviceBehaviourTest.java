package org.devres4j.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import org.devres4j.core.UseAfterReleaseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Single behaviours against the real kernel (root; veth pairs): the kernfs fact the design rests on, a read
 * that meets the removal inside its section, a failed read of a present device, and the refcounted history
 * outliving its device. Uses the sysfs rescan, so it runs on every JDK.
 */
@ExtendWith(RealDevices.class)
@Timeout(120)
class RealDeviceBehaviourTest {

    /** Opens the attributes it is given and keeps them for the test to read. */
    static final class Opener implements SysfsDriver {
        final List<String> names;
        final Map<String, List<Attribute>> opened = new ConcurrentHashMap<>();

        Opener(String... names) {
            this.names = List.of(names);
        }

        @Override
        public String name() {
            return "opener";
        }

        @Override
        public boolean matches(SysfsDevice device) {
            return device.name().startsWith(Veth.runPrefix());
        }

        @Override
        public void probe(SysfsBinding b) throws IOException {
            List<Attribute> list = new ArrayList<>();
            for (String n : names) {
                list.add(b.openAttribute(n));
            }
            opened.put(b.device().name(), list);
        }
    }

    @Test
    void anAttributeFileOpenedBeforeTheRemovalAnswersTheNextReadWithAnError() throws Exception {
        String name = Veth.newName();
        Veth.add(name);
        try (RandomAccessFile f = new RandomAccessFile("/sys/class/net/" + name + "/mtu", "r")) {
            byte[] b = new byte[64];
            assertThat(f.read(b)).isPositive();
            Veth.del(name);
            assertThatThrownBy(() -> {
                f.seek(0);
                f.read(b);
            }).isInstanceOf(IOException.class); // ENODEV: kernfs drained the file
        }
    }

    @Test
    void aReadInsideItsSectionThatMeetsTheRemovalIsDeviceGoneRacedNotAnException() throws Exception {
        String name = Veth.newName();
        Veth.add(name);
        Opener driver = new Opener("statistics/rx_packets", "mtu");
        // a rescan that never comes: the bus does not learn of the removal, so the gate stays open
        try (SysfsBus bus = new SysfsBus(Sysfs.system(), HotplugSource.scanning(Sysfs.system(), "net", Duration.ofHours(1)))) {
            bus.register(driver);
            bus.start();
            SysfsDevice dev = bus.device(name).orElseThrow();
            Attribute rx = driver.opened.get(name).get(0);
            Attribute mtu = driver.opened.get(name).get(1);
            assertThat(rx.read().asLong()).hasValue(0);
            assertThat(mtu.read().text()).isEqualTo("1500");

            Veth.del(name);
            Reading r = rx.read();
            assertThat(r.status()).isEqualTo(Reading.Status.GONE);
            assertThat(r.gone()).isEqualTo(Reading.Gone.RACED);
            assertThat(mtu.read().gone()).isEqualTo(Reading.Gone.RACED);
            assertThat(dev.racedReads()).isEqualTo(2);
            assertThat(dev.failedReads()).isZero();
            assertThat(dev.isPresent()).as("the bus has not been told yet").isTrue();
        }
    }

    @Test
    void aReadThatFailsWhileTheDeviceIsThereIsFailedNotGone() throws Exception {
        String name = Veth.newName();
        Veth.add(name);
        Opener driver = new Opener("speed"); // a veth that is down answers EINVAL
        try (SysfsBus bus = new SysfsBus(Sysfs.system(), HotplugSource.scanning(Sysfs.system(), "net", Duration.ofMillis(5)))) {
            bus.register(driver);
            bus.start();
            SysfsDevice dev = bus.device(name).orElseThrow();
            Reading r = driver.opened.get(name).get(0).read();
            assertThat(r.status()).isEqualTo(Reading.Status.FAILED);
            assertThat(r.failure()).isInstanceOf(IOException.class);
            assertThat(dev.failedReads()).isEqualTo(1);
            assertThat(dev.racedReads()).isZero();
        } finally {
            Veth.del(name);
        }
    }

    @Test
    void theHistoryOutlivesItsDeviceWhileAClientHoldsIt() throws Exception {
        String name = Veth.newName();
        Recorder rec = new Recorder();
        NetStatsDriver driver = new NetStatsDriver("netstats", DeviceMatch.name(name), 8, null);
        try (SysfsBus bus = new SysfsBus(Sysfs.system(), HotplugSource.scanning(Sysfs.system(), "net", Duration.ofMillis(5)))) {
            bus.addListener(rec);
            bus.register(driver);
            bus.start();
            Veth.add(name);
            Wait.until(name + " bound", Duration.ofSeconds(20), () -> driver.boundDevices().contains(name),
                    () -> bus.devices().toString());
            assertThat(driver.sample(name)).get().satisfies(s -> {
                assertThat(s.mtu()).isEqualTo(1500);
                assertThat(s.operstate()).isEqualTo("down");
            });
            StatsHistory h = driver.history(name).orElseThrow();

            Veth.del(name);
            rec.await(LinuxEvent.Unplugged.class, u -> u.device().equals(name));
            Wait.until(name + " unbound", Duration.ofSeconds(20), () -> driver.boundDevices().isEmpty(), driver::toString);
            assertThat(driver.sample(name)).isEmpty();
            assertThat(driver.history(name)).isEmpty();
            assertThat(h.isReleased()).isFalse();
            assertThat(h.refCount()).isEqualTo(1);
            assertThat(h.samples()).extracting(NetSample::mtu).containsExactly(1500L);

            h.close();
            assertThat(h.isReleased()).isTrue();
            assertThatThrownBy(h::samples).isInstanceOf(UseAfterReleaseException.class);
        }
    }
}
