package org.devres4j.driver;

/** The private driver of one faux device: matches only it and forwards to its callbacks. */
final class FauxDriver implements Driver {
    private final String name;
    private final FauxProbe probe;
    private final FauxRemove remove;

    FauxDriver(String deviceName, FauxProbe probe, FauxRemove remove) {
        this.name = "faux:" + deviceName;
        this.probe = probe;
        this.remove = remove;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean matches(Device device) {
        return device.fauxDriver == this;
    }

    @Override
    public void probe(BoundDevice dev) throws Exception {
        if (probe != null) {
            probe.probe(dev);
        }
    }

    @Override
    public void remove(BoundDevice dev) throws Exception {
        if (remove != null) {
            remove.remove(dev);
        }
    }
}
