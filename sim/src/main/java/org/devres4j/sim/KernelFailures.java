package org.devres4j.sim;

import java.util.Optional;

import org.devres4j.core.UseAfterFreeException;

/**
 * The one place the simulator classifies a failure of the kernel model that is not already a typed
 * sanitizer finding ({@link org.devres4j.core.UseAfterReleaseException} is handled by type where it is
 * caught): by type only — every refcounted kernel object (device, DRM device, bridge, KMS object) used
 * after its last put throws core's {@link UseAfterFreeException}, whose fields name the object and
 * the refused operation.
 *
 * <p><b>Lifetime:</b> stateless. <b>Order:</b> not applicable. <b>Concurrency:</b> thread-safe.
 */
final class KernelFailures {

    private KernelFailures() {
    }

    /**
     * @param x a failure
     * @return if {@code x} refuses to use a refcounted object after its last put: the object and the
     *         refused operation, as reports name them
     */
    static Optional<String> usedAfterLastPut(Throwable x) {
        if (x instanceof UseAfterFreeException u) {
            return Optional.of(u.objectName() + ": " + u.operation() + " after its last put");
        }
        return Optional.empty();
    }
}
