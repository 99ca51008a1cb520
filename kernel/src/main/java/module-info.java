/**
 * The kernel model: the driver model with devres ({@code org.devres4j.driver}) and the DRM layer with
 * drmm and the hot-unplug guard ({@code org.devres4j.drm}), typed front-ends over devres4j core.
 */
module org.devres4j.kernel {
    requires transitive org.devres4j.core;

    exports org.devres4j.driver;
    exports org.devres4j.drm;
    exports org.devres4j.hw;

}
