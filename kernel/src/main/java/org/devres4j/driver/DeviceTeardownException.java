package org.devres4j.driver;

import java.util.List;
import org.devres4j.core.ReleaseFailure;

/**
 * Thrown after an unbind, a {@code del}, a last put or a driver unregistration in which a driver's
 * {@code remove()} or one or more devres actions threw.
 *
 * <p><b>Lifetime:</b> when this is thrown the operation has <em>completed</em>: the device is unbound
 * (or deleted, or freed), every other action ran and the devres list is empty. The failures are only
 * reported, never a reason to stop. <b>Order:</b> {@link #failures()} lists them in the order they
 * happened; each names the device and the action (or {@code remove()} of which driver). The first is
 * the cause, the rest are suppressed. <b>Concurrency:</b> a value.
 */
public final class DeviceTeardownException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<ReleaseFailure> failures;

    DeviceTeardownException(String what, List<ReleaseFailure> failures) {
        super(message(what, failures), failures.get(0).cause());
        this.failures = List.copyOf(failures);
        for (int i = 1; i < failures.size(); i++) {
            addSuppressed(failures.get(i).cause());
        }
    }

    private static String message(String what, List<ReleaseFailure> failures) {
        StringBuilder sb = new StringBuilder();
        sb.append(what).append(" completed, but ").append(failures.size())
                .append(failures.size() == 1 ? " step" : " steps")
                .append(" failed (every other step still ran):");
        for (ReleaseFailure f : failures) {
            sb.append("\n  device '").append(f.ownerName()).append("', ").append(f.actionName());
            if (f.order() > 0) {
                sb.append(" #").append(f.order());
            }
            sb.append(": ").append(f.cause());
        }
        return sb.toString();
    }

    /** @return every failure, in the order they happened */
    public List<ReleaseFailure> failures() {
        return failures;
    }
}
