package org.devres4j.driver;

/**
 * The probe callback of a {@link FauxDevice}: runs once, at creation, with the device's lock held.
 *
 * <p><b>Lifetime:</b> what it registers on {@code dev.devres()} is released when the faux device is
 * destroyed (or at once, if it throws). <b>Order / concurrency:</b> as for {@link Driver#probe}.
 */
@FunctionalInterface
public interface FauxProbe {
    /**
     * Sets the faux device up.
     *
     * @param dev the binding
     * @throws Exception a failure: the faux device is not created
     */
    void probe(BoundDevice dev) throws Exception;
}
