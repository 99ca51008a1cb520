package org.devres4j.core;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@link Revocable} over a tracked gate ({@link Gate#createTracked}), whose per-thread count refuses a
 * revoke from inside the caller's own access. {@code released} makes the release exactly-once.
 */
final class GateRevocable<T> implements Revocable<T> {
    private final String name;
    private final T value;
    private final Consumer<? super T> release;
    private final Gate gate;
    private final AtomicBoolean released = new AtomicBoolean();
    /** Set once the release callback has returned (or thrown). */
    private volatile boolean releaseDone;

    GateRevocable(String name, T value, Consumer<? super T> release) {
        this.name = Objects.requireNonNull(name, "Revocable.create: the name must not be null");
        this.value = Objects.requireNonNull(value, "Revocable.create: the value of '" + name + "' must not be null");
        this.release = release;
        this.gate = Gate.createTracked(name);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean run(Consumer<? super T> action) {
        Objects.requireNonNull(action, "run on revocable '" + name + "': the action must not be null");
        int token = gate.tryEnter();
        if (token < 0) {
            return false;
        }
        try {
            action.accept(value);
            return true;
        } finally {
            gate.exit(token);
        }
    }

    @Override
    public <R> Optional<R> apply(Function<? super T, ? extends R> fn) {
        Objects.requireNonNull(fn, "apply on revocable '" + name + "': the function must not be null");
        int token = gate.tryEnter();
        if (token < 0) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(fn.apply(value));
        } finally {
            gate.exit(token);
        }
    }

    @Override
    public Access<T> access() {
        int token = gate.tryEnter();
        return new AccessImpl(token);
    }

    @Override
    public boolean revoke() {
        refuseSelfWait("revoke");
        gate.shut();
        // exactly one caller wins the release, and that one answers true
        return releaseOnce();
    }

    @Override
    public boolean revokeInterruptibly() throws InterruptedException {
        refuseSelfWait("revokeInterruptibly");
        gate.shutInterruptibly(); // throws before the release: the value is not freed under a reader
        return releaseOnce();
    }

    private void refuseSelfWait(String op) {
        int mine = gate.heldByCurrentThread();
        if (mine > 0) {
            throw new IllegalStateException(op + " of revocable '" + name + "' refused: the calling thread is inside " + mine
                    + " of its access(es) and would wait for itself for ever; finish the access first (nothing changed)");
        }
    }

    @Override
    public boolean revoke(Duration timeout) {
        if (timeout == null) {
            throw new NullPointerException("revoke of '" + name + "': the timeout must not be null");
        }
        refuseSelfWait("revoke");
        long start = System.nanoTime();
        long budget = Durations.nanos(timeout);
        if (!gate.shut(timeout)) {
            throw new IllegalStateException("revoke of '" + name + "': " + gate.inside()
                    + " access(es) still in progress after " + timeout + " — the value is not released while a reader holds it");
        }
        if (releaseOnce()) {
            return true;
        }
        // another revoke won the release: report it released only once its callback has finished,
        // within what is left of the one deadline (shut's wait counts against it)
        boolean interrupted = false;
        while (!releaseDone && (budget == Durations.FOREVER || System.nanoTime() - start < budget)) {
            java.util.concurrent.locks.LockSupport.parkNanos(this, 10_000);
            interrupted |= Thread.interrupted(); // parking again must park: the status is restored below
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return releaseDone;
    }

    private boolean releaseOnce() {
        if (!released.compareAndSet(false, true)) {
            return false;
        }
        try {
            if (release != null) {
                release.accept(value);
            }
        } finally {
            releaseDone = true;
        }
        return true;
    }

    @Override
    public boolean isRevoked() {
        return gate.isShut();
    }

    @Override
    public String toString() {
        return "Revocable '" + name + "' (" + (isRevoked() ? "revoked" : "live") + ")";
    }

    private final class AccessImpl implements Access<T> {
        private int token;

        AccessImpl(int token) {
            this.token = token;
        }

        @Override
        public boolean available() {
            return token >= 0;
        }

        @Override
        public T get() {
            if (token < 0) {
                throw new IllegalStateException("access to revocable '" + name + "': it was revoked (or this access was closed)");
            }
            return value;
        }

        @Override
        public void close() {
            if (token >= 0) {
                int t = token;
                token = Gate.REFUSED;
                gate.exit(t);
            }
        }
    }
}
