package org.devres4j.driver;

/**
 * When the driver core releases a device's devres list: which of probe failure, unbind and
 * {@link Device#del()} empty it. The last put always releases it once more and closes it.
 *
 * <p><b>Lifetime / order:</b> {@link #CURRENT} (the default, upstream Linux today) releases at a failed
 * or deferred probe, at every unbind (after the driver's {@code remove()}) and at {@code del} (also for a
 * driverless device). The other two policies exist to show the bugs the current rules avoid:
 * {@link #LEGACY_2020} skips the {@code del} release of a driverless device (seed 003),
 * {@link #RELEASE_AT_DELETION_ONLY} skips the probe-failure and unbind releases (seed 000). Every release
 * is newest first. <b>Concurrency:</b> the policy is read once per operation (probe, unbind, del);
 * switching it while devices are being bound or deleted affects only operations that start afterwards.
 */
public enum DriverModelPolicy {
    /**
     * Upstream Linux today (since 2023): a failed probe and every unbind release the devres list;
     * {@code del} unbinds a bound device, then releases the list again — also for a device that never had
     * a driver. This breaks the reference loop of seed 003.
     */
    CURRENT(true, true),
    /**
     * The 2020 behaviour argued about in seed 003: {@code del} releases devres only through the unbind
     * of a bound device; a driverless device keeps its devres list until its last put. A devres action
     * that would drop a reference on the device itself is then never reached: the loop leaks.
     */
    LEGACY_2020(true, false),
    /**
     * Seed 000's "option 2", which the thread rejected: devres tied to the device's deletion instead of
     * the binding. A failed or deferred probe and an unbind leave the list alone — unbind runs the
     * driver's {@code remove()} but not the devres list — and only {@code del} (and the last put) release
     * it. It looks attractive for objects userspace can still reach after unbind, but it leaks: every
     * unbind/rebind cycle (or failed probe) leaves the previous binding's resources on the list, and the
     * next probe adds a fresh set on top, so N cycles hold N bindings' worth until the device is deleted.
     */
    RELEASE_AT_DELETION_ONLY(false, true);

    private final boolean releasesAtUnbind;
    private final boolean releasesAtDel;

    DriverModelPolicy(boolean releasesAtUnbind, boolean releasesAtDel) {
        this.releasesAtUnbind = releasesAtUnbind;
        this.releasesAtDel = releasesAtDel;
    }

    /* Whether a failed/deferred probe and an unbind release the devres list. */
    boolean releasesAtUnbind() {
        return releasesAtUnbind;
    }

    /* Whether del releases the devres list of the device itself (bound or not) after any unbind. */
    boolean releasesAtDel() {
        return releasesAtDel;
    }
}
