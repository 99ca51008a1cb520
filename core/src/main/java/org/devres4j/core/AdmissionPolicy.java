package org.devres4j.core;

/**
 * Decides whether an add may go onto a {@link ResourceList}: a construction option of the list
 * ({@link ResourceList#builder(Object, String)}), for owners that take resources only in some states
 * — strict devres refuses every add to a device that has no driver bound (Rust-for-Linux's
 * {@code Device<Bound>}).
 *
 * <p><b>Lifetime:</b> fixed for the list's life. <b>Order:</b> asked before anything is added, once per
 * add, allocation, group opening or find-or-add that would add; a refusal adds nothing, and
 * {@code addOrReset} then runs its action at once before throwing the refusal. <b>Concurrency:</b> asked
 * on the adding thread, never under the list's lock; it may run concurrently with itself and must be
 * thread-safe. Whatever it throws is treated as a refusal: nothing is added (and {@code addOrReset}
 * still runs its action).
 *
 * @param <O> the owner type
 */
@FunctionalInterface
public interface AdmissionPolicy<O> {

    /**
     * Decides one add.
     *
     * @param owner     the list's owner
     * @param operation what is being added, for the message (e.g. {@code "add of 'irq'"},
     *                  {@code "openGroup"})
     * @return null to admit the add, or the exception the add throws (nothing is added); its message
     *         should name the owner and the rule
     */
    RuntimeException refusal(O owner, String operation);
}
