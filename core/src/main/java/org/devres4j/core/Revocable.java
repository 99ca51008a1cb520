package org.devres4j.core;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A value behind a {@link Gate}, after Rust-for-Linux's {@code Revocable}: reachable only inside a
 * section, and revoked once — after which every access fails and the value is released.
 *
 * <p><b>Lifetime:</b> the value lives until {@link #revoke()}; its release callback runs exactly
 * once. <b>Order:</b> revoke shuts the gate, waits for every access in progress to finish, and only
 * then releases the value — so no access ever sees a released value. <b>Concurrency:</b> accesses
 * are gate sections and safe from any thread; an access belongs to the thread that opened it (closed
 * there). Concurrent revokes release once and all return after the readers have left. A revoke from
 * inside an access of the same thread would wait for itself: it is refused at once with an
 * {@link IllegalStateException} (the gate counts each thread's accesses). What cannot be seen cheaply
 * is a wait that goes round through other threads — thread A revoking while B's access waits for A —
 * so bound such waits with {@link #revoke(Duration)}. Interrupting a revoking thread never cuts the
 * wait short nor spins: {@code revoke} returns with the interrupt status set, and
 * {@link #revokeInterruptibly()} throws (the value then stays unreleased, reachable by no new access).
 *
 * @param <T> the value type
 */
public interface Revocable<T> {

    /**
     * Wraps a value.
     *
     * @param name    the name errors print
     * @param value   the value
     * @param release runs once, after the last access, when revoked (may be null)
     * @param <T>     the value type
     * @return the revocable
     */
    static <T> Revocable<T> create(String name, T value, Consumer<? super T> release) {
        return new GateRevocable<>(name, value, release);
    }

    /** @return the name */
    String name();

    /**
     * Runs {@code action} with the value inside a section, if not revoked.
     *
     * @param action what to do with the value
     * @return whether it ran
     */
    boolean run(Consumer<? super T> action);

    /**
     * Applies {@code fn} to the value inside a section, if not revoked.
     *
     * @param fn  what to compute
     * @param <R> the result type
     * @return the result, or empty if revoked (or if {@code fn} returned null)
     */
    <R> Optional<R> apply(Function<? super T, ? extends R> fn);

    /**
     * Opens an access for try-with-resources; check {@link Access#available()}.
     *
     * @return the access; never null
     */
    Access<T> access();

    /**
     * Revokes: shuts the gate, waits for every access to finish, then releases the value once. An
     * interrupt does not end the wait; the interrupt status is set again on return.
     *
     * @return true if this call revoked it, false if it was already revoked
     * @throws IllegalStateException if the calling thread is inside an access of this revocable (it
     *                               would wait for itself; nothing changes)
     */
    boolean revoke();

    /**
     * Revokes as {@link #revoke()}, unless the thread is interrupted while accesses are still in
     * progress: then it throws, new accesses are refused from then on, and the value is not released
     * (nobody may free what a reader still holds) — a later revoke finishes the job.
     *
     * @return true if this call released the value, false if it was already revoked
     * @throws InterruptedException  if interrupted while accesses were still in progress
     * @throws IllegalStateException if the calling thread is inside an access of this revocable
     */
    boolean revokeInterruptibly() throws InterruptedException;

    /**
     * Revokes, waiting at most {@code timeout} for accesses in progress.
     *
     * @param timeout the longest wait; zero or negative does not wait, one too long to count waits for
     *                ever
     * @return true if the value is released: by this call, or by an earlier or concurrent revoke
     *         whose release callback finished before the deadline
     * @throws IllegalStateException if accesses were still in progress at the deadline: the value is
     *                               then not released (nobody may free what a reader still holds); or
     *                               if the calling thread is inside an access of this revocable
     */
    boolean revoke(Duration timeout);

    /** @return whether it was revoked */
    boolean isRevoked();

    /**
     * An access in progress.
     *
     * @param <T> the value type
     */
    interface Access<T> extends AutoCloseable {

        /** @return whether the value is available (false: revoked) */
        boolean available();

        /**
         * The value.
         *
         * @return the value
         * @throws IllegalStateException if not {@link #available()}
         */
        T get();

        /** Ends the access. */
        @Override
        void close();
    }
}
