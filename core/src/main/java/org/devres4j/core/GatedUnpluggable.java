package org.devres4j.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/*
 * Design
 *
 * Parts: an untracked Gate (its token form lets a Transfer be closed on another thread), a hardware
 * ResourceList<H>, a software ResourceList<Unpluggable<H>>, and a RefCount whose first reference is
 * the device's own and whose last put releases the software list for good.
 *
 * Teardown: the first unplugger wins `unplugging` and runs steps 1-2 (shut with a zero wait, which
 * sets the flag at once; the wake hook), then sets `woken`. Steps 3-5 (finish: release the hardware
 * list for good, put the device's reference, complete `done`) run exactly once, on whichever thread
 * first finds the gate empty after `woken` and wins `finishing`: the unplugger itself if nothing is
 * inside; otherwise a blocking unplug() caller when its wait on the gate returns; or, when no caller
 * is waiting (unplugAsync, or an unplug from inside a call), the thread whose exit emptied the gate —
 * so an unplug from inside a call finishes when the last call in flight returns, never waiting for
 * itself. Every enter and exit of the gate goes through enter()/leave() here, so no exit is missed;
 * a reader that backs out of a shut gate (a transient +1 on the count) checks again after it.
 *
 * The Dekker pair: an exiter decrements the gate (volatile) and then reads `woken`; the unplugger
 * writes `woken` (volatile) and then reads the gate's count. At least one of them sees the other, so
 * the finish is never missed. `depth` (a thread-local, as TrackedGate's) counts the calls of this
 * device the thread is inside; with `tearingDown` it tells unplug() when joining would wait for itself.
 *
 * Memory ordering: `failures` is written by the thread running steps 1-2, then by the one running
 * the finish; the volatile `woken` write and the CAS on `finishing` order them, and completing
 * `done` publishes the report.
 */
final class GatedUnpluggable<H> implements Unpluggable<H> {

    private static final System.Logger LOG = System.getLogger("org.devres4j.unplug");

    private final String name;
    private final H handle;
    private final WakeHook<? super H> wake;
    private final LeakDetector leaks;
    private final Gate gate;
    private final ResourceList<H> hardware;
    private final ResourceList<Unpluggable<H>> software;
    private final RefCount refs;
    private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);
    private final AtomicBoolean unplugging = new AtomicBoolean();
    private final CompletableFuture<UnplugReport> done = new CompletableFuture<>();
    private final AtomicInteger clients = new AtomicInteger();
    private final AtomicInteger transfers = new AtomicInteger();
    private final List<ReleaseFailure> failures = new ArrayList<>();
    private final AtomicBoolean finishing = new AtomicBoolean();
    private final AtomicInteger waiters = new AtomicInteger();
    private volatile boolean woken;
    private long wokenAt; // written before `woken`, read after it
    private volatile Thread tearingDown;

    private GatedUnpluggable(BuilderImpl<H> b) {
        this.name = b.name;
        this.handle = b.handle;
        this.wake = b.wake;
        this.leaks = b.leaks;
        this.gate = Gate.create(name);
        this.hardware = ResourceList.create(handle, name + " (hardware)");
        this.software = ResourceList.create(this, name + " (software)");
        this.refs = RefCount.create(name, this::releaseSoftware);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isPlugged() {
        return !unplugging.get();
    }

    @Override
    public boolean isUnplugged() {
        return done.isDone();
    }

    @Override
    public boolean isReleased() {
        return refs.isReleased();
    }

    // ------------------------------------------------------------------ calls

    @Override
    public <R, X extends Exception> R call(Call<? super H, ? extends R, X> call) throws X {
        Objects.requireNonNull(call, "call on '" + name + "': the call must not be null");
        return invoke("call", call);
    }

    private <R, X extends Exception> R invoke(String op, Call<? super H, ? extends R, X> call) throws X {
        int token = enter();
        if (token == Gate.REFUSED) {
            throw new DeviceGoneException(name, op, null);
        }
        int[] mine = depth.get();
        mine[0]++;
        try {
            return call.call(handle);
        } catch (DeviceGoneException e) {
            throw e;
        } catch (Exception e) {
            if (gate.isShut()) { // the unplug started while the call was inside: it is why the call failed
                throw new DeviceGoneException(name, op, e);
            }
            throw e;
        } finally {
            mine[0]--;
            leave(token);
        }
    }

    @Override
    public <X extends Exception> void run(Action<? super H, X> action) throws X {
        Objects.requireNonNull(action, "run on '" + name + "': the action must not be null");
        invoke("run", h -> {
            action.run(h);
            return null;
        });
    }

    @Override
    public Transfer<H> begin() {
        int token = enter();
        if (token == Gate.REFUSED) {
            throw new DeviceGoneException(name, "begin transfer", null);
        }
        return new TransferImpl(token, name + " transfer #" + transfers.incrementAndGet());
    }

    // ------------------------------------------------------------------ clients and software

    @Override
    public Client open() {
        int token = enter(); // inside the gate the device's own reference is held: get cannot fail
        if (token == Gate.REFUSED) {
            throw new DeviceGoneException(name, "open", null);
        }
        try {
            refs.get();
        } finally {
            leave(token);
        }
        return new ClientImpl(name + " client #" + clients.incrementAndGet());
    }

    @Override
    public int references() {
        return refs.count();
    }

    @Override
    public <T> Managed<T> alloc(String name, Supplier<? extends T> supplier) {
        return orGone("alloc '" + name + "'", () -> software.alloc(name, supplier));
    }

    @Override
    public <T> Managed<T> alloc(String name, Supplier<? extends T> supplier, Consumer<? super T> destructor) {
        return orGone("alloc '" + name + "'", () -> software.alloc(name, supplier, destructor));
    }

    @Override
    public Handle onLastPut(String name, Release<? super Unpluggable<H>> action) {
        return orGone("onLastPut '" + name + "'", () -> software.addOrReset(name, action));
    }

    /** Runs an add on one of the lists; a list closed for good means the device is gone. */
    private <T> T orGone(String op, Supplier<T> add) {
        try {
            return add.get();
        } catch (ListClosedException e) {
            throw new DeviceGoneException(name, op, e);
        }
    }

    private void releaseSoftware() {
        software.releaseAllAndClose("last put");
    }

    // ------------------------------------------------------------------ hardware

    @Override
    public Handle onUnplug(String name, Release<? super H> action) {
        return orGone("onUnplug '" + name + "'", () -> hardware.addOrReset(name, action));
    }

    @Override
    public Handle onUnplug(String name, Duration timeout, Release<? super H> action) {
        Objects.requireNonNull(name, "onUnplug on '" + this.name + "': the name must not be null");
        Objects.requireNonNull(timeout, "onUnplug '" + name + "' on '" + this.name + "': the timeout must not be null");
        Objects.requireNonNull(action, "onUnplug '" + name + "' on '" + this.name + "': the action must not be null");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("onUnplug '" + name + "' on '" + this.name + "' refused: the release timeout is "
                    + timeout + " — it must be positive (omit it to wait for the action however long it takes)");
        }
        return onUnplug(name, timed(name, timeout, action));
    }

    private Release<H> timed(String action, Duration timeout, Release<? super H> body) {
        long nanos;
        try {
            nanos = timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            nanos = Long.MAX_VALUE;
        }
        long limit = nanos;
        return h -> {
            FutureTask<Void> task = new FutureTask<>(() -> {
                body.release(h);
                return null;
            });
            Thread runner = new Thread(task, "devres4j-release " + name + "/" + action);
            runner.setDaemon(true);
            runner.start();
            try {
                task.get(limit, TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Exception ex) {
                    throw ex;
                }
                throw (Error) cause;
            } catch (TimeoutException e) {
                throw new TimeoutException("release action '" + action + "' of '" + name + "' did not finish within " + timeout
                        + "; the unplug went on without it (it keeps running on thread '" + runner.getName() + "')");
            }
        };
    }

    // ------------------------------------------------------------------ teardown

    /** Enters the gate; a refused reader may have backed out of a shut gate's count: it checks for the finish. */
    private int enter() {
        int token = gate.tryEnter();
        if (token == Gate.REFUSED) {
            finishIfEmpty();
        }
        return token;
    }

    /** Leaves the gate; after the wake, the exit that empties it finishes the teardown unless an unplug() waits. */
    private void leave(int token) {
        gate.exit(token);
        if (woken) {
            finishIfEmpty();
        }
    }

    private void finishIfEmpty() {
        if (woken && waiters.get() == 0 && gate.inside() == 0) {
            tryFinish();
        }
    }

    private void tryFinish() {
        if (woken && finishing.compareAndSet(false, true)) {
            finish();
        }
    }

    @Override
    public void unplug() {
        unplugAsync();
        Thread me = Thread.currentThread();
        if (depth.get()[0] > 0 || tearingDown == me) {
            return; // the teardown waits for this thread: joining here would wait for itself
        }
        if (!done.isDone()) {
            waiters.incrementAndGet();
            try {
                gate.shut(); // every call and transfer in flight has left
                tryFinish();
            } finally {
                waiters.decrementAndGet();
            }
            finishIfEmpty(); // a finish skipped while this caller was counted as waiting
        }
        done.join();
    }

    @Override
    public CompletableFuture<UnplugReport> unplugAsync() {
        if (unplugging.compareAndSet(false, true)) {
            startTeardown();
        }
        return done.copy();
    }

    @Override
    public CompletableFuture<UnplugReport> whenUnplugged() {
        return done.copy();
    }

    @Override
    public void close() {
        unplug();
    }

    /** Steps 1 and 2, on the first unplugger; then the finish here if nothing is inside. */
    private void startTeardown() {
        tearingDown = Thread.currentThread();
        try {
            Tracing.emit(new TraceEvent("UNPLUG", name, "calls refused", 0, ""));
            gate.shut(Duration.ZERO); // sets the flag at once: every later enter is refused
            if (wake != null) {
                try {
                    wake.wake(handle);
                } catch (Exception e) {
                    failures.add(new ReleaseFailure(name, "wake hook", 0, e));
                }
            }
        } catch (RuntimeException | Error e) {
            done.completeExceptionally(e);
            throw e;
        } finally {
            tearingDown = null;
        }
        wokenAt = System.nanoTime();
        woken = true;
        if (gate.inside() == 0) {
            tryFinish();
        }
    }

    /** Steps 3 to 5, exactly once; never throws: everything goes into the report, which completes {@code done}. */
    private void finish() {
        tearingDown = Thread.currentThread();
        UnplugReport report = null;
        try {
            gate.shut(); // already empty: returns at once
            Duration waited = Duration.ofNanos(System.nanoTime() - wokenAt);
            try {
                hardware.releaseAllAndClose("unplug");
            } catch (ReleaseFailedException e) {
                failures.addAll(e.failures());
            }
            boolean softwareGone;
            try {
                softwareGone = refs.put();
            } catch (ReleaseFailedException e) {
                failures.addAll(e.failures());
                softwareGone = true;
            }
            report = new UnplugReport(name, failures, waited, softwareGone);
            if (!report.isClean()) {
                LOG.log(System.Logger.Level.WARNING, report.toString());
            }
            Tracing.emit(new TraceEvent("UNPLUGGED", name, report.isClean() ? "clean" : failures.size() + " failure(s)", 0,
                    softwareGone ? "software released" : "software kept for " + refs.count() + " client(s)"));
        } catch (RuntimeException | Error e) {
            done.completeExceptionally(e);
            LOG.log(System.Logger.Level.ERROR, "unplug of '" + name + "' failed unexpectedly", e);
        } finally {
            tearingDown = null;
            if (report != null) {
                done.complete(report);
            }
        }
    }

    @Override
    public String toString() {
        String state = isReleased() ? "released" : isUnplugged() ? "unplugged" : isPlugged() ? "plugged" : "unplugging";
        return "Unpluggable '" + name + "' (" + state + ", " + refs.count() + " reference(s))";
    }

    // ------------------------------------------------------------------ parts

    private final class ClientImpl implements Client {
        private final String clientName;
        private final AtomicBoolean closed = new AtomicBoolean();
        private final LeakDetector.Tracker tracker;

        ClientImpl(String clientName) {
            this.clientName = clientName;
            this.tracker = leaks == null ? LeakDetector.Tracker.NONE : leaks.track(this, clientName);
        }

        @Override
        public String name() {
            return clientName;
        }

        @Override
        public boolean isOpen() {
            return !closed.get();
        }

        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) {
                throw new IllegalStateException("close of " + clientName + " refused: it was already closed — a client"
                        + " drops its reference once (the reference count of '" + name + "' is unchanged)");
            }
            tracker.close();
            refs.put();
        }

        @Override
        public String toString() {
            return clientName + (isOpen() ? " (open)" : " (closed)");
        }
    }

    private final class TransferImpl implements Transfer<H> {
        private final String transferName;
        private final AtomicInteger token;
        private final LeakDetector.Tracker tracker;

        TransferImpl(int token, String transferName) {
            this.token = new AtomicInteger(token);
            this.transferName = transferName;
            this.tracker = leaks == null ? LeakDetector.Tracker.NONE : leaks.track(this, transferName);
        }

        @Override
        public H handle() {
            if (token.get() == Gate.REFUSED) {
                throw new IllegalStateException("handle of " + transferName + " refused: the transfer was closed — the"
                        + " handle is reachable only while the transfer is open");
            }
            return handle;
        }

        @Override
        public boolean isOpen() {
            return token.get() != Gate.REFUSED;
        }

        @Override
        public void close() {
            int t = token.getAndSet(Gate.REFUSED);
            if (t == Gate.REFUSED) {
                throw new IllegalStateException("close of " + transferName + " refused: it was already closed — a transfer"
                        + " ends once, on completion, error or cancellation");
            }
            tracker.close();
            leave(t);
        }

        @Override
        public String toString() {
            return transferName + (isOpen() ? " (open)" : " (closed)");
        }
    }

    static final class BuilderImpl<H> implements Builder<H> {
        private final String name;
        private final H handle;
        private WakeHook<? super H> wake;
        private LeakDetector leaks;

        BuilderImpl(String name, H handle) {
            this.name = Objects.requireNonNull(name, "Unpluggable: the name must not be null");
            this.handle = Objects.requireNonNull(handle, "Unpluggable '" + name + "': the device handle must not be null");
        }

        @Override
        public Builder<H> onWake(WakeHook<? super H> hook) {
            this.wake = Objects.requireNonNull(hook, "Unpluggable '" + name + "': the wake hook must not be null");
            return this;
        }

        @Override
        public Builder<H> leakDetector(LeakDetector detector) {
            this.leaks = Objects.requireNonNull(detector, "Unpluggable '" + name + "': the leak detector must not be null");
            return this;
        }

        @Override
        public Unpluggable<H> build() {
            return new GatedUnpluggable<>(this);
        }
    }
}
