package org.devres4j.driver;

/**
 * The remove callback of a {@link FauxDevice}: runs once, at {@link FauxDevice#destroy()}, before the
 * devres list is released.
 *
 * <p><b>Lifetime / order / concurrency:</b> as for {@link Driver#remove}.
 */
@FunctionalInterface
public interface FauxRemove {
    /**
     * Tears the faux device down; its devres list is released right after.
     *
     * @param dev the binding, still valid
     * @throws Exception reported with the device name; the destroy completes anyway
     */
    void remove(BoundDevice dev) throws Exception;
}
