package org.devres4j.drm;

/**
 * A connector ({@code struct drm_connector}), made with {@link Kms#connector}.
 *
 * <p><b>Lifetime:</b> see {@link ModeObject}: it outlives unplug and then reports
 * {@link ConnectorStatus#DISCONNECTED} instead of vanishing. <b>Order:</b> the status check tests
 * unplug first, then detects inside an enter/exit section. <b>Concurrency:</b> thread-safe.
 */
public final class Connector extends ModeObject {
    private final ConnectorDetect detect;

    Connector(DrmDevice device, String name, ConnectorDetect detect) {
        super(device, name);
        this.detect = detect;
    }

    /**
     * The status userspace sees: {@link ConnectorStatus#DISCONNECTED} once the device is unplugged,
     * otherwise what detect finds inside an enter/exit section.
     *
     * @return the status
     * @throws org.devres4j.core.UseAfterFreeException if the connector was cleaned up
     */
    public ConnectorStatus status() {
        checkLive("status");
        DrmDevice d = device();
        if (d.isUnplugged()) {
            return ConnectorStatus.DISCONNECTED;
        }
        try (DrmSection s = d.enter()) {
            if (!s.entered()) {
                return ConnectorStatus.DISCONNECTED;
            }
            return detect.detect(this, s);
        }
    }

    @Override
    String kind() {
        return "connector";
    }
}
