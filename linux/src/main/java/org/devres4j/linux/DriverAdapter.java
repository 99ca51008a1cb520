package org.devres4j.linux;

import org.devres4j.driver.BoundDevice;
import org.devres4j.driver.Device;
import org.devres4j.driver.Driver;

/**
 * A {@link SysfsDriver} as the driver model sees it: matching looks the kernel {@link Device} up in its
 * {@link SysfsBus}, probe makes the {@link SysfsBinding} (and shuts its gate again if the probe fails), and
 * remove shuts the gate before the driver's own {@code remove()}. The one place that speaks both the driver
 * model's and this package's types.
 *
 * <p><b>Lifetime:</b> one per registered driver. <b>Order:</b> gate shut → driver remove → (driver model)
 * devres. <b>Concurrency:</b> called by the driver core with the device's lock held.
 */
final class DriverAdapter implements Driver {

    private final SysfsBus bus;
    final SysfsDriver driver;

    DriverAdapter(SysfsBus bus, SysfsDriver driver) {
        this.bus = bus;
        this.driver = driver;
    }

    @Override
    public String name() {
        return driver.name();
    }

    @Override
    public boolean matches(Device device) {
        SysfsDevice d = bus.mirror(device);
        return d != null && d.isPresent() && driver.matches(d);
    }

    @Override
    public void probe(BoundDevice dev) throws Exception {
        SysfsDevice d = bus.mirror(dev.device());
        if (d == null) {
            throw new IllegalStateException("probe of '" + dev.name() + "' by driver '" + driver.name()
                    + "' refused: the device is not mirrored by bus '" + bus + "'");
        }
        SysfsBinding b = new SysfsBinding(d, dev);
        d.binding = b;
        try {
            driver.probe(b);
        } catch (Exception | Error e) {
            b.gate().shut();
            d.binding = null;
            throw e;
        }
    }

    @Override
    public void remove(BoundDevice dev) throws Exception {
        SysfsDevice d = bus.mirror(dev.device());
        SysfsBinding b = d == null ? null : d.binding;
        if (b == null) {
            return;
        }
        b.gate().shut();
        try {
            driver.remove(b);
        } finally {
            d.binding = null;
        }
    }

    @Override
    public String toString() {
        return "DriverAdapter[" + driver.name() + "]";
    }
}
