package org.devres4j.drm;

import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * The {@code drmm_*_init} helpers: the mode config ({@link #modeConfigInit}) and the KMS objects whose cleanup is
 * a drmm action, so they live as long as the {@link DrmDevice} and not as long as the binding (seed 002: devres
 * for these is a bug).
 *
 * <p><b>Lifetime:</b> the mode config and each object are cleaned up at the device's last put, newest first.
 * <b>Order:</b> {@link #modeConfigInit} first — every object is refused before it — then the objects, before
 * {@link DrmDevice#register()}; connectors created later get no sysfs entry. The queries ({@link #connectors} and the
 * others) list a device's objects in creation order. <b>Concurrency:</b> thread-safe.
 */
public final class Kms {
    private Kms() {
    }

    /**
     * Sets up the device's mode config ({@code drmm_mode_config_init}): the object ids and lists of its KMS
     * objects, with their cleanup ({@code drm_mode_config_cleanup}) as a drmm action, so it runs at the last put —
     * after the objects' own cleanups, which are added later.
     *
     * @param drm the device
     * @throws IllegalStateException if its mode config was already initialized (nothing changes)
     * @throws org.devres4j.core.UseAfterFreeException if the device was freed
     */
    public static void modeConfigInit(DrmDevice drm) {
        Objects.requireNonNull(drm, "Kms.modeConfigInit: the device must not be null");
        drm.modes().init(drm);
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
        return init(drm, "connector", name, (d, n) -> new Connector(d, n, detect));
    }

    /**
     * Creates an encoder ({@code drmm_encoder_init}).
     *
     * @param drm  the device
     * @param name its name
     * @return the encoder
     */
    public static Encoder encoder(DrmDevice drm, String name) {
        return init(drm, "encoder", name, Encoder::new);
    }

    /**
     * Creates a CRTC ({@code drmm_crtc_init_with_planes}).
     *
     * @param drm  the device
     * @param name its name
     * @return the CRTC
     */
    public static Crtc crtc(DrmDevice drm, String name) {
        return init(drm, "crtc", name, Crtc::new);
    }

    /**
     * Creates a plane ({@code drmm_universal_plane_alloc}).
     *
     * @param drm  the device
     * @param name its name
     * @return the plane
     */
    public static Plane plane(DrmDevice drm, String name) {
        return init(drm, "plane", name, Plane::new);
    }

    /**
     * @param drm the device
     * @return whether its mode config is initialized ({@link #modeConfigInit} ran) and its cleanup has not run yet
     */
    public static boolean isModeConfigInitialized(DrmDevice drm) {
        return modes(drm).isInitialized();
    }

    /**
     * @param drm the device
     * @return its connectors, in creation order (each is listed from its init to its drmm cleanup)
     */
    public static List<Connector> connectors(DrmDevice drm) {
        return modes(drm).ofType(Connector.class);
    }

    /**
     * @param drm the device
     * @return its encoders, in creation order
     */
    public static List<Encoder> encoders(DrmDevice drm) {
        return modes(drm).ofType(Encoder.class);
    }

    /**
     * @param drm the device
     * @return its CRTCs, in creation order
     */
    public static List<Crtc> crtcs(DrmDevice drm) {
        return modes(drm).ofType(Crtc.class);
    }

    /**
     * @param drm the device
     * @return its planes, in creation order
     */
    public static List<Plane> planes(DrmDevice drm) {
        return modes(drm).ofType(Plane.class);
    }

    private static ModeConfig modes(DrmDevice drm) {
        return Objects.requireNonNull(drm, "Kms: the device must not be null").modes();
    }

    private static <T extends ModeObject> T init(DrmDevice drm, String kind, String name, BiFunction<DrmDevice, String, T> make) {
        Objects.requireNonNull(drm, "Kms: the device must not be null");
        Objects.requireNonNull(name, "Kms: the name must not be null");
        drm.checkAlive("KMS init of '" + name + "'");
        drm.modes().requireInitialized(drm, kind, name);
        T o = make.apply(drm, name);
        drm.managed().addOrReset(o.kind() + "-cleanup " + name, d -> o.cleanup());
        drm.modes().add(o);
        return o;
    }
}
