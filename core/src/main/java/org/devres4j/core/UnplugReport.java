package org.devres4j.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * What one {@link Unpluggable#unplug()} did: every failure of the wake hook and of the hardware
 * release actions (a release action that overran its timeout is a failure whose cause is a
 * {@link TimeoutException}), how long it waited for the calls in flight, and whether the software
 * state went with it (no client was left).
 *
 * <p><b>Lifetime:</b> a value, the same one for every caller of the same unplug. <b>Order:</b>
 * {@link #failures()} in the order they happened: the wake hook first, then the hardware actions
 * newest first, then software actions if the unplug dropped the last reference. <b>Concurrency:</b>
 * immutable.
 *
 * @param device           the device's name
 * @param failures         every failure, in the order it happened
 * @param inFlightWait     how long the unplug waited for calls and transfers already inside
 * @param softwareReleased whether the software state was released by this unplug (no client left)
 */
public record UnplugReport(String device, List<ReleaseFailure> failures, Duration inFlightWait, boolean softwareReleased) {

    /**
     * Checks the components.
     *
     * @param device           the device
     * @param failures         the failures
     * @param inFlightWait     the wait
     * @param softwareReleased whether software went too
     */
    public UnplugReport {
        Objects.requireNonNull(device, "device");
        failures = List.copyOf(failures);
        Objects.requireNonNull(inFlightWait, "inFlightWait");
    }

    /** @return whether nothing failed and nothing timed out */
    public boolean isClean() {
        return failures.isEmpty();
    }

    /** @return the release actions that overran their timeout (a subset of {@link #failures()}) */
    public List<ReleaseFailure> timedOut() {
        return failures.stream().filter(f -> f.cause() instanceof TimeoutException).toList();
    }

    /** @return a readable summary, one line per failure */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("unplug of '").append(device).append("': ");
        sb.append(failures.isEmpty() ? "clean" : failures.size() + (failures.size() == 1 ? " failure" : " failures"));
        sb.append(", waited ").append(inFlightWait.toMillis()).append(" ms for calls in flight, software ")
                .append(softwareReleased ? "released" : "kept for its clients");
        for (ReleaseFailure f : failures) {
            sb.append("\n  ").append(f);
        }
        return sb.toString();
    }
}
