package org.devres4j.sim;

import java.util.Optional;
import java.util.regex.Pattern;

import org.devres4j.core.UseAfterFreeException;

/**
 * The one place the simulator classifies a failure of the kernel model that is not already a typed
 * sanitizer finding ({@link org.devres4j.core.UseAfterReleaseException} is handled by type where it is
 * caught). Everything else in the simulator decides by exception type only.
 *
 * <p>Transitional: until every refcounted kernel object (DRM device, bridge, KMS object) throws core's
 * {@link UseAfterFreeException}, an {@link IllegalStateException} with the kernel's wording of that
 * refusal is recognised here too; the branch that makes the kernel throw the typed exception deletes
 * {@link #LEGACY_WORDING} and its branch, and nothing else changes.
 *
 * <p><b>Lifetime:</b> stateless. <b>Order:</b> not applicable. <b>Concurrency:</b> thread-safe.
 */
final class KernelFailures {

    /** How the kernel model words a refusal to use an object after its last put, until it throws the typed one. */
    private static final Pattern LEGACY_WORDING = Pattern.compile(
            "after its last put|released at its last put|was cleaned up");

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
        if (x instanceof IllegalStateException && x.getMessage() != null && LEGACY_WORDING.matcher(x.getMessage()).find()) {
            String m = x.getMessage();
            int nl = m.indexOf('\n');
            return Optional.of(nl < 0 ? m : m.substring(0, nl));
        }
        return Optional.empty();
    }
}
