package org.devres4j.driver;

/**
 * When a device's devres list is released at {@link Device#del()}.
 *
 * <p><b>Lifetime / order:</b> under both policies a failed probe and an unbind release the list, and
 * the last put releases it once more. They differ only for {@code del} of a device that has no driver.
 * <b>Concurrency:</b> the policy is read once per {@code del}; switching it while devices are being
 * deleted affects only deletions that start afterwards.
 */
public enum DriverModelPolicy {
    /**
     * Upstream Linux today (since 2023): {@code del} unbinds a bound device, then releases the devres
     * list again — also for a device that never had a driver. This breaks the reference loop of seed 003.
     */
    CURRENT,
    /**
     * The 2020 behaviour argued about in seed 003: {@code del} releases devres only through the unbind
     * of a bound device; a driverless device keeps its devres list until its last put. A devres action
     * that would drop a reference on the device itself is then never reached: the loop leaks.
     */
    LEGACY_2020
}
