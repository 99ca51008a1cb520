package org.devres4j.drm;

import java.util.Objects;
import java.util.function.BiFunction;

/**
 * The {@code drmm_*_init} helpers: KMS objects whose cleanup is a drmm action, so they live as long
 * as the {@link DrmDevice} and not as long as the binding (seed 002: devres for these is a bug).
 *
 * <p><b>Lifetime:</b> each object is cleaned up at the device's last put, newest first.
 * <b>Order:</b> create them before {@link DrmDevice#register()}; connectors created later get no
 * sysfs entry. <b>Concurrency:</b> thread-safe.
 */
public final class Kms {
    private Kms() {
    }

    /**
     * Creates a connector ({@code drmm_connector_init}).
     *
     * @param drm    the device
     * @param name   its name
     * @param detect its detect callback
     * @return the connector
     */
    public static Connector connector(DrmDevice drm, String name, ConnectorDetect detect) {
        Objects.requireNonNull(detect, "Kms.connector: the detect callback must not be null");
        return init(drm, name, (d, n) -> new Connector(d, n, detect));
    }

    /**
     * Creates an encoder ({@code drmm_encoder_init}).
     *
     * @param drm  the device
     * @param name its name
     * @return the encoder
     */
    public static Encoder encoder(DrmDevice drm, String name) {
        return init(drm, name, Encoder::new);
    }

    /**
     * Creates a CRTC ({@code drmm_crtc_init_with_planes}).
     *
     * @param drm  the device
     * @param name its name
     * @return the CRTC
     */
    public static Crtc crtc(DrmDevice drm, String name) {
        return init(drm, name, Crtc::new);
    }

    /**
     * Creates a plane ({@code drmm_universal_plane_alloc}).
     *
     * @param drm  the device
     * @param name its name
     * @return the plane
     */
    public static Plane plane(DrmDevice drm, String name) {
        return init(drm, name, Plane::new);
    }

    private static <T extends ModeObject> T init(DrmDevice drm, String name, BiFunction<DrmDevice, String, T> make) {
        Objects.requireNonNull(drm, "Kms: the device must not be null");
        Objects.requireNonNull(name, "Kms: the name must not be null");
        drm.checkAlive("KMS init of '" + name + "'");
        T o = make.apply(drm, name);
        drm.managed().addOrReset(o.kind() + "-cleanup " + name, d -> o.cleanup());
        drm.modes().add(o);
        return o;
    }
}
