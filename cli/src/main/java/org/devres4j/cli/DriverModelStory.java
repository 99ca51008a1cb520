package org.devres4j.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.devres4j.core.Managed;
import org.devres4j.core.UseAfterReleaseException;
import org.devres4j.driver.BoundDevice;
import org.devres4j.driver.Bus;
import org.devres4j.driver.Device;
import org.devres4j.driver.Driver;
import org.devres4j.driver.FauxDevice;

/**
 * Part 1 of the demo, the driver model: a bus, a driver probing a device and registering devres (two
 * actions and a managed value), an unbind ({@code remove()}, then the devres list newest first), a
 * rebind, and a faux device created and destroyed. The bus's trace is printed as it happens.
 *
 * <p><b>Lifetime:</b> the bus and its devices live for one {@link #run()}; every device is deleted and
 * put before it returns. <b>Order:</b> fixed; every step runs on the calling thread. <b>Concurrency:</b>
 * none: single-threaded.
 */
final class DriverModelStory {

    private final Checks checks;
    /** What the driver's callbacks did, in order: "remove", "REL name". */
    private final List<String> ran = Collections.synchronizedList(new ArrayList<>());
    private volatile Managed<int[]> samples;

    DriverModelStory(Checks checks) {
        this.checks = checks;
    }

    /** The demo's driver: maps a clock, allocates a sample buffer and requests an irq, all on devres. */
    private final class SensorDriver implements Driver {
        @Override
        public String name() {
            return "sensor";
        }

        @Override
        public void probe(BoundDevice dev) {
            dev.devres().add("clock-enable", d -> ran.add("REL clock-enable"));
            samples = dev.devres().alloc("sample-buffer", () -> new int[64], buf -> ran.add("REL sample-buffer"));
            dev.devres().add("irq-free", d -> ran.add("REL irq-free"));
        }

        @Override
        public void remove(BoundDevice dev) {
            ran.add("remove");
            checks.say("  sensor.remove(" + dev.name() + "): stop sampling (devres still holds "
                    + dev.devres().size() + " resources)");
        }
    }

    void run() throws Exception {
        Bus bus = new Bus("platform");
        try (AutoCloseable trace = bus.addTraceListener(e -> checks.say("    " + e))) {
            story(bus);
        }
    }

    private void story(Bus bus) {
        checks.say("1a. driver 'sensor' registers; device sensor0 is added and probed");
        bus.registerDriver(new SensorDriver());
        Device dev = bus.newDevice("sensor0");
        dev.add();
        checks.check(dev.isBound() && dev.devres().size() == 3,
                "sensor0 is bound and its devres list holds 3 resources",
                "sensor0 bound=" + dev.isBound() + ", devres " + dev.devres().names());
        Managed<int[]> firstSamples = samples;
        firstSamples.get()[0] = 42;

        checks.say("1b. unbind sensor0 (sysfs 'unbind'): remove() first, then devres newest first");
        dev.unbind();
        checks.check(ran.equals(List.of("remove", "REL irq-free", "REL sample-buffer", "REL clock-enable")),
                "remove(), then irq-free, sample-buffer, clock-enable (LIFO)",
                "the unbind ran " + ran);
        checks.check(!dev.isBound() && dev.devres().isEmpty(), "sensor0 is unbound and its devres list is empty",
                "after unbind: bound=" + dev.isBound() + ", devres " + dev.devres().names());
        try {
            firstSamples.get();
            checks.fail("the old sample buffer was still readable after the unbind");
        } catch (UseAfterReleaseException e) {
            checks.check(e.getMessage().contains("sample-buffer"),
                    "a stale reference to sample-buffer is a use-after-release",
                    "the use-after-release message does not name sample-buffer: " + e.getMessage());
        }
        ran.clear();

        checks.say("1c. rebind sensor0 (sysfs 'bind'): a fresh probe, fresh devres");
        dev.bind();
        checks.check(dev.isBound() && dev.devres().size() == 3 && samples != firstSamples,
                "sensor0 is bound again with 3 new resources",
                "after rebind: bound=" + dev.isBound() + ", devres " + dev.devres().names());

        checks.say("1d. a faux device (no real driver) is created, then destroyed");
        List<String> fauxRan = new ArrayList<>();
        FauxDevice faux = FauxDevice.create(bus, "faux-vkms",
                b -> b.devres().add("faux-cleanup", d -> fauxRan.add("REL faux-cleanup")),
                b -> fauxRan.add("remove"));
        checks.check(faux.device().isBound() && faux.device().devres().size() == 1,
                "faux-vkms is bound to its own driver at creation, with 1 devres resource",
                "faux-vkms bound=" + faux.device().isBound() + ", devres " + faux.device().devres().names());
        faux.destroy();
        checks.check(fauxRan.equals(List.of("remove", "REL faux-cleanup")) && faux.device().isFreed(),
                "destroy ran remove, then its devres, and freed the device",
                "destroy ran " + fauxRan + ", freed=" + faux.device().isFreed());

        checks.say("1e. sensor0 is deleted and put: the bus holds nothing");
        dev.del();
        dev.put();
        checks.check(ran.equals(List.of("remove", "REL irq-free", "REL sample-buffer", "REL clock-enable"))
                        && dev.isFreed() && bus.liveDevices().isEmpty(),
                "del unbound sensor0 (LIFO again) and the bus has no live device",
                "del ran " + ran + ", live devices " + bus.liveDevices());
    }
}
