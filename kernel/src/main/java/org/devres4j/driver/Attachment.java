package org.devres4j.driver;

/**
 * One device's binding state, the part of {@code struct device} that Linux's {@code dd.c} manages:
 * written only by {@link DriverCore}, with the device's lock held (the claimed driver also under the
 * bus's table lock); read lock-free by the device's queries.
 *
 * <p><b>Lifetime:</b> that of its device; a new binding overwrites the previous one's state.
 * <b>Order:</b> {@code driver} is claimed, then {@code binding} set, then {@code bound} after a successful
 * probe; an unbind clears them in reverse. <b>Concurrency:</b> volatile fields, single writer at a time.
 */
final class Attachment {
    /* the claimed driver: set and cleared under the bus's table lock */
    volatile Driver driver;
    /* non-null from the start of a probe to the end of its unbind */
    volatile BoundDevice binding;
    /* true between a successful probe and the end of its unbind */
    volatile boolean bound;
    /* true while remove() and the unbind's devres release run; guards re-entry from those callbacks */
    volatile boolean unbinding;
    /* the failure of the latest probe attempt, cleared by a successful probe */
    volatile Throwable lastProbeError;
    /* dev_set_drvdata: set by anyone, cleared by the driver core after an unbind's or a failed probe's devres release */
    volatile Object driverData;
}
