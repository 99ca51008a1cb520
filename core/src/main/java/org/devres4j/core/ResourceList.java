package org.devres4j.core;

import java.util.Objects;

/**
 * An owner's list of named release actions, as the owner sees it: the backend that devres
 * ({@code struct device}) and drmm ({@code struct drm_device}) share, as seed 001 asked for and C could
 * not give. It is the {@link ManagedResources} view that drivers get, plus what only the owner's own
 * lifecycle code may do: release everything ({@link #releaseAll}), close the list for good
 * ({@link #releaseAllAndClose}) and report what is still held ({@link #leakReport}).
 *
 * <p><b>Lifetime:</b> each resource on the list is released exactly once — by
 * {@link #release(Handle)}, by a group release, or by {@link #releaseAll(String)} — unless it is
 * {@link #remove(Handle) removed} first, in which case it never runs. A list is usually released
 * many times in its owner's life (a device's devres list is emptied at every unbind and filled again
 * by the next probe); an owner may also {@link #releaseAllAndClose(String) close it for good} (a DRM
 * device at its last put), after which every add is refused with a {@link ListClosedException} and
 * {@code addOrReset} runs the action at once.
 *
 * <p><b>Order:</b> releases run newest first (LIFO), the reverse of registration; a group releases
 * everything added from its open marker to its close marker, nested groups included.
 *
 * <p><b>Concurrency:</b> a list is one of two kinds. A <em>shared</em> list ({@link #create}) is
 * thread-safe: every method may be called from any thread, and an add is one atomic instruction. A
 * <em>confined</em> list ({@link #confined}, {@link Builder#confined()}) belongs to the thread that created
 * it: every method, reads included, must be called on that thread, and a call from another thread is
 * refused with a {@link ListConfinementException} naming the owner, the owner thread and the calling
 * thread, and changes nothing; in exchange its adds need no atomic instruction. On both kinds, what the
 * list hands out may travel: {@link Handle#isLive()} is a racy snapshot from any thread,
 * {@link Managed#get()} and a {@link SharedResource}'s references work from any thread, as documented
 * there. A release takes the lock, detaches what it
 * will run, drops the lock and only then runs the actions, so actions may call back into the list.
 * An add that happens while a release is running goes onto the list for the next release — never
 * into the batch being run. A failing action never stops the others: every failure is collected
 * and thrown at the end as one {@link ReleaseFailedException}.
 *
 * <p>Bad input — null, an unknown or foreign handle, a double release, an unknown group, a group
 * closed twice, a size out of range — is refused with an exception naming the owner and the rule,
 * and leaves the list exactly as it was.
 *
 * @param <O> the owner type; actions typed for another owner do not compile
 */
public interface ResourceList<O> extends ManagedResources<O> {

    /**
     * Creates a list for an owner.
     *
     * @param owner     the owner passed to every action
     * @param ownerName the name traces and reports print (e.g. {@code "card0"})
     * @param <O>       the owner type
     * @return an empty, open list
     */
    static <O> ResourceList<O> create(O owner, String ownerName) {
        return builder(owner, ownerName).create();
    }

    /**
     * Creates a list for an owner that also reports every event to {@code listener}, whether or not
     * global {@link Tracing} is on (a simulator uses this for its own event log).
     *
     * @param owner     the owner passed to every action
     * @param ownerName the name traces and reports print
     * @param listener  receives ADD / REL / DEL / FAIL events in order; may be null
     * @param <O>       the owner type
     * @return an empty, open list
     */
    static <O> ResourceList<O> create(O owner, String ownerName, TraceListener listener) {
        return builder(owner, ownerName).listener(listener).create();
    }

    /**
     * Creates a list for an owner, confined to the calling thread: a scope that one thread opens, fills
     * and releases. Lifetime and order as for {@link #create(Object, String)}; the owner thread must
     * release it before it ends. Concurrency: every method of the list, reads included, must be called on
     * this thread; another thread's call is refused with a {@link ListConfinementException} and changes
     * nothing (see {@link Builder#confined()}). Shorthand for {@code builder(owner, ownerName).confined().create()}.
     *
     * @param owner     the owner passed to every action
     * @param ownerName the name traces, reports and refusals print
     * @param <O>       the owner type
     * @return an empty, open list confined to the calling thread
     */
    static <O> ResourceList<O> confined(O owner, String ownerName) {
        return builder(owner, ownerName).confined().create();
    }

    /**
     * Starts a list with construction options: a per-list {@link TraceListener}, an
     * {@link AdmissionPolicy}, {@link Builder#confined() confinement} to one thread.
     *
     * @param owner     the owner passed to every action
     * @param ownerName the name traces and reports print
     * @param <O>       the owner type
     * @return a builder; {@link Builder#create()} makes the list
     * @throws NullPointerException if either argument is null
     */
    static <O> Builder<O> builder(O owner, String ownerName) {
        return new Builder<>(owner, ownerName);
    }

    /**
     * The construction options of a {@link ResourceList}.
     *
     * <p><b>Lifetime:</b> the options are copied into the list when it is created; the builder may be
     * reused. <b>Order:</b> options may be set in any order. <b>Concurrency:</b> not thread-safe; build
     * on one thread.
     *
     * @param <O> the owner type
     */
    final class Builder<O> {
        private final O owner;
        private final String ownerName;
        private TraceListener listener;
        private AdmissionPolicy<? super O> admission;
        private boolean confined;

        private Builder(O owner, String ownerName) {
            this.owner = Objects.requireNonNull(owner, "ResourceList.create: the owner must not be null");
            this.ownerName = Objects.requireNonNull(ownerName, "ResourceList.create: the owner name must not be null");
        }

        /**
         * Reports every event of the list to {@code listener}, whether or not global tracing is on.
         *
         * @param listener receives ADD / REL / DEL / FAIL events in order; null for none
         * @return this builder
         */
        public Builder<O> listener(TraceListener listener) {
            this.listener = listener;
            return this;
        }

        /**
         * Asks {@code admission} before every add (see {@link AdmissionPolicy}).
         *
         * @param admission the policy; null admits everything
         * @return this builder
         */
        public Builder<O> admission(AdmissionPolicy<? super O> admission) {
            this.admission = admission;
            return this;
        }

        /**
         * Confines the list to the thread that calls {@link #create()} — the JDK's {@code Arena.ofConfined()}
         * against {@code Arena.ofShared()}, for a scope that one thread opens, fills and releases.
         *
         * <p><b>Lifetime:</b> the list is confined for its whole life, closed or not; it must be released by
         * its owner thread before that thread ends, since no other thread can release it afterwards.
         * <b>Order:</b> as for a shared list: LIFO, groups as units, adds made during a release go to the
         * next one. <b>Concurrency:</b> every method of the list, reads included, and of its groups must be
         * called on the owner thread; a call from another thread is refused with a
         * {@link ListConfinementException} naming the owner, the owner thread and the calling thread, and
         * changes nothing. What the list hands out may travel: {@link Handle#isLive()} is a racy snapshot
         * from any thread, {@link Managed#get()} and a {@link SharedResource}'s {@code get}/{@code put} work
         * from any thread. In exchange an add needs no atomic instruction and a whole-list release no lock.
         * Every other guarantee is the shared list's: exactly-once, handles, tracing, closing, admission.
         *
         * @return this builder
         */
        public Builder<O> confined() {
            this.confined = true;
            return this;
        }

        /**
         * Creates the list; a {@link #confined()} list is confined to the calling thread.
         *
         * @return an empty, open list with these options
         */
        public ResourceList<O> create() {
            return new LinkedResourceList<>(owner, ownerName, listener, admission, confined ? Thread.currentThread() : null);
        }
    }

    // ------------------------------------------------------------------ whole list

    /**
     * Releases everything on the list, newest first; the list stays open for new adds.
     *
     * @param reason why (e.g. {@code "unbind"}); reports of a later use-after-release print it
     * @return the number of resources released
     * @throws ReleaseFailedException if any action threw; all of them ran first
     */
    int releaseAll(String reason);

    /**
     * Closes the list for good, then releases everything on it, newest first. Adds made during or
     * after this release are refused.
     *
     * @param reason why (e.g. {@code "last put"})
     * @return the number of resources released
     * @throws ReleaseFailedException if any action threw; all of them ran first
     * @throws IllegalStateException  if the list was already closed
     */
    int releaseAllAndClose(String reason);

    /**
     * What the owner still holds, oldest first: the leak report of an owner that should be empty.
     *
     * @return a snapshot
     */
    LeakReport leakReport();
}
