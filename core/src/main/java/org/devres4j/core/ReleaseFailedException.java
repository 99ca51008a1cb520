package org.devres4j.core;

import java.util.List;

/**
 * Thrown after a release in which one or more actions threw. Every action still ran: a failure
 * never stops the others. The first failure is the cause, the rest are suppressed, and
 * {@link #failures()} lists them all with the owner and action names — nothing is swallowed.
 *
 * <p><b>Lifetime:</b> thrown once the whole release is over; the failed resources are gone from the
 * list all the same. <b>Order:</b> {@link #failures()} is in the order the actions ran (newest
 * first). <b>Concurrency:</b> thrown on the thread that ran the release.
 */
public final class ReleaseFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<ReleaseFailure> failures;

    ReleaseFailedException(String ownerName, String what, List<ReleaseFailure> failures) {
        super(message(ownerName, what, failures), failures.get(0).cause());
        this.failures = List.copyOf(failures);
        for (int i = 1; i < failures.size(); i++) {
            addSuppressed(failures.get(i).cause());
        }
    }

    private static String message(String ownerName, String what, List<ReleaseFailure> failures) {
        StringBuilder sb = new StringBuilder();
        sb.append(failures.size()).append(failures.size() == 1 ? " action" : " actions")
                .append(" failed during ").append(what).append(" of '").append(ownerName)
                .append("' (every other action still ran):");
        for (ReleaseFailure f : failures) {
            sb.append("\n  '").append(f.actionName()).append("'").append(f.order() != 0 ? " #" + f.order() : "").append(": ")
                    .append(Callbacks.describe(f.cause()));
        }
        return sb.toString();
    }

    /** @return every failure, in the order the actions ran */
    public List<ReleaseFailure> failures() {
        return failures;
    }
}
