package org.devres4j.sim;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

import org.devres4j.core.DataRelease;
import org.devres4j.core.Managed;
import org.devres4j.driver.BoundDevice;
import org.devres4j.driver.Device;
import org.devres4j.drm.DrmDevice;
import org.devres4j.drm.DrmMinorType;
import org.devres4j.sim.Event.Effect;
import org.devres4j.sim.Event.Owner;
import org.devres4j.sim.Event.OwnerKind;

/**
 * A small platform driver (driver name {@code sensor}, devices {@code sensor0} ...) that shows the
 * driver model by itself: its probe registers three resources on devres — an action
 * ({@code clock-enable}), a managed sample buffer ({@code sample-buffer}) and another action
 * ({@code irq-free}) — and its {@code remove()} stops sampling, after which the core releases the
 * list newest first. Userspace can open the device and read the newest sample through it
 * ({@code ioctl P F read-sample}); the open file keeps a pointer to the binding's buffer, so a read
 * after an unbind touches memory devres already released — a use-after-release the sanitizer reports
 * (seed 000: devm is wrong for anything userspace can reach). The clock is the kernel's
 * {@code devres_get} pattern ({@code pcim_iomap_table}): the sampler and the IRQ set-up each ask for the
 * binding's clock, and the second finds the one the first added, so the list holds one clock per binding.
 *
 * <p><b>Lifetime:</b> one per {@code load sensor}; each binding's resources live until its unbind.
 * <b>Order:</b> devres released newest first after {@code remove()}. <b>Concurrency:</b> on the
 * world's thread.
 */
final class SensorDriver extends SelfDriver {

    /** @return the variants a script can load */
    static List<String> variants() {
        return List.of("fixed");
    }

    /** The current binding's sample buffer, per device. */
    private final Map<Device, Managed<int[]>> samples = new WeakHashMap<>();

    SensorDriver(String variant, World world) {
        super("sensor", variant, variants(), world);
    }

    /** The binding's clock: how many parts of the probe use it; the release turns it off. */
    static final class Clock {
        int users;
    }

    /** The clock's release (one function, so a lookup by it finds the binding's clock). */
    private static final DataRelease<Device, Clock> CLOCK_OFF = (d, c) -> c.users = 0;

    /** @return the binding's clock, enabled (added to devres) by the first part of the probe that asks */
    static Clock clock(BoundDevice dev) {
        Clock c = dev.devres().findOrAdd("clock-enable", CLOCK_OFF, new Clock(), null);
        c.users++;
        return c;
    }

    @Override
    public void probe(BoundDevice dev) {
        clock(dev);   // the sampler's
        Managed<int[]> buffer = dev.devres().alloc("sample-buffer", () -> new int[64]);
        buffer.get()[0] = 42;
        samples.put(dev.device(), buffer);
        clock(dev);   // the IRQ set-up's: the same clock
        dev.devres().add("irq-free", d -> { });
    }

    @Override
    public void remove(BoundDevice dev) {
        world.log.emit("REMOVE", new Owner(OwnerKind.DEVICE, dev.name()), 0, Effect.NONE, "sensor.remove()",
                "stop sampling; devres still holds " + dev.devres().size() + " resources");
    }

    @Override
    public Optional<UserFile> open(Device device, DrmMinorType node) {
        Managed<int[]> buffer = samples.get(device);
        if (buffer == null) {
            return Optional.empty();
        }
        if (node != DrmMinorType.PRIMARY) {
            throw new org.devres4j.uapi.ErrnoException(org.devres4j.uapi.Errno.ENOENT, "sensor: " + device.name()
                    + " has no render node");
        }
        return Optional.of(new UserFile() {
            @Override
            public String device() {
                return device.name();
            }

            @Override
            public String card() {
                return device.name();
            }

            @Override
            public List<String> ioctls() {
                return List.of("read-sample");
            }

            @Override
            public CallResult ioctl(String name) {
                return CallResult.value(buffer.get()[0]);   // the binding's buffer, as the file found it at open
            }

            @Override
            public UserMap mmap() {
                throw new org.devres4j.uapi.ErrnoException(org.devres4j.uapi.Errno.EINVAL,
                        "sensor: " + device.name() + " has nothing to map");
            }

            @Override
            public void close() {
            }
        });
    }

    @Override
    public List<LiveObject> liveObjects() {
        return List.of();
    }

    @Override
    public List<DrmDevice> cards() {
        return List.of();
    }
}
