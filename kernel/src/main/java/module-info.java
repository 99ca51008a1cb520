/**
 * The kernel model: the driver model with devres ({@code org.devres4j.driver}), the DRM layer with drmm and
 * the hot-unplug guard ({@code org.devres4j.drm}), the hardware interfaces drivers use ({@code org.devres4j.hw})
 * and the one hardware model ({@code org.devres4j.hw.model}), what userspace sees ({@code org.devres4j.uapi}),
 * and the reference driver ({@code org.devres4j.drivers.vgpu}) — typed front-ends over devres4j core.
 * {@code org.devres4j.kernel.internal} is not exported; the namespace helper {@code org.devres4j.uapi.spi}
 * only to the simulator.
 */
module org.devres4j.kernel {
    requires transitive org.devres4j.core;

    exports org.devres4j.driver;
    exports org.devres4j.drm;
    exports org.devres4j.hw;
    exports org.devres4j.hw.model;
    exports org.devres4j.uapi;
    exports org.devres4j.drivers.vgpu;
    exports org.devres4j.uapi.spi to org.devres4j.sim;
}
