package org.devres4j.hw;

/**
 * Where a hardware access happened, as far as lifetime safety goes. A view of an {@link IoMapping}
 * passes it with every access to the raw {@link RawMmio} (an argument, never a thread-local), and
 * reports it to the hardware's {@link AccessObservers}.
 *
 * <p><b>Lifetime / order / concurrency:</b> constants.
 */
public enum AccessContext {
    /** Inside an enter/exit section of the device ({@code drm_dev_enter}): safe against unplug. */
    GUARDED,
    /** In the bound-device context a driver's probe or remove receives: the hardware is still bound. */
    BOUND,
    /** Through {@link IoMapping#unguardedAccess()}: nothing keeps the hardware present — a bug to flag. */
    UNGUARDED
}
