package org.devres4j.drivers.vgpu;

/**
 * The lifetime bugs {@link Vgpu} can be built with, one per rule of seed 004 broken. An empty set is
 * the fixed driver users copy; each constant swaps one correct choice for the wrong one.
 *
 * <p><b>Lifetime / order / concurrency:</b> constants.
 */
public enum VgpuBug {
    /** Connector state on the parent's devres instead of drmm: userspace reading it after unbind is a use-after-release. */
    DEVM_CONNECTOR_STATE,
    /** The sysfs entry {@code tile0} removed by drmm instead of devres: re-probe fails with EEXIST while a file is open (the xe bug). */
    DRMM_SYSFS_REMOVAL,
    /** The MMIO mapping (and the hardware fini that writes to it) tied to drmm: it outlives the hardware and touches it after unplug. */
    DRMM_MMIO_MAPPING,
    /** Register ioctls reach the hardware without enter/exit, through {@code unguardedAccess()}. */
    UNGUARDED_HW_ACCESS
}
