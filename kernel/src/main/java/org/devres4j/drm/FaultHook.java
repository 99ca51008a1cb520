package org.devres4j.drm;

/**
 * Fault injection for the DRM layer and its drivers — the kernel's fault-injection framework
 * ({@code should_fail()}), as an explicit object: a driver is built with one
 * ({@link DrmDriver.Builder#faults(FaultHook)}), every allocation and registration step of its devices, and
 * every probe step of a driver that uses it, calls {@link #check} with the step's name first, and a hook
 * that throws there makes that step fail. Off by default ({@link #NONE}); tests sweep "fail at step k"
 * with it to show that every failure unwinds.
 *
 * <p><b>Lifetime:</b> that of the driver description holding it. <b>Order:</b> checks come in the order of
 * the steps, on the thread running them. <b>Concurrency:</b> an implementation used by several threads must
 * be thread-safe; no state is kept anywhere else.
 */
@FunctionalInterface
public interface FaultHook {

    /** Never fails. */
    FaultHook NONE = point -> { };

    /**
     * Called before a fault-injection point.
     *
     * @param point the step's name, e.g. {@code "drm-alloc: minor"}
     * @throws RuntimeException to make that step fail
     */
    void check(String point);
}
