package org.devres4j.drm;

/**
 * What a connector reports to userspace. <b>Lifetime / order / concurrency:</b> constants.
 */
public enum ConnectorStatus {
    /** A sink is attached. */
    CONNECTED,
    /** Nothing attached — also what every connector of an unplugged device reports. */
    DISCONNECTED,
    /** The driver cannot tell. */
    UNKNOWN
}
