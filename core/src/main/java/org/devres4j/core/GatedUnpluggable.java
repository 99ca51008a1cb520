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
 * Teardown: the first unplugger wins `unplugging` and runs begin(): refuse (shut with a zero wait,
 * which sets the flag at once), wake, then finish(): wait on the gate, release the hardware list for
 * good, put the device's reference, complete `done`. Every later caller joins `done`.
 *
 * Never self-join: `depth` counts, per thread, the calls of this device the thread is inside (a
 * thread-local, as TrackedGate's; transfers are not counted, they may end on any thread). A begin()
 * on a thread with depth > 0 stops after the wake and leaves finish() to that thread's outermost call
 * (`deferredTo`, written and read only by that thread). A thread running the teardown (`tearingDown`)
 * or owed it does not join either. So no thread ever waits on the gate for a section of its own.
 *
 * Memory ordering: the teardown steps run on at most two threads in sequence (the unplugger, then the
 * deferred caller, which is the same thread); `failures` is only touched by that one thread until
 * `done` is completed, which publishes the report.
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
    private volatile Thread tearingDown;
    private volatile Thread deferredTo; // only ever set to, and cleared by, the thread it names

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
        int token = gate.tryEnter();
        if (token == Gate.REFUSED) {
            throw new DeviceGoneException(name, "call", null);
        }
        int[] mine = depth.get();
        mine[0]++;
        try {
            return call.call(handle);
        } catch (DeviceGoneException e) {
            throw e;
        } catch (Exception e) {
            if (gate.isShut()) { // the unplug started while the call was inside: it is why the call failed
                throw new DeviceGoneException(name, "call", e);
            }
            throw e;
        } finally {
            mine[0]--;
            gate.exit(token);
            if (mine[0] == 0 && deferredTo == Thread.currentThread()) {
                finish();
            }
        }
    }

    @Override
    public <X extends Exception> void run(Action<? super H, X> action) throws X {
        Objects.requireNonNull(action, "run on '" + name + "': the action must not be null");
        call(h -> {
            action.run(h);
            return null;
        });
    }

    @Override
    public Transfer<H> begin() {
        int token = gate.tryEnter();
        if (token == Gate.REFUSED) {
            throw new DeviceGoneException(name, "begin transfer", null);
        }
        return new TransferImpl(token, name + " transfer #" + transfers.incrementAndGet());
    }

    // ------------------------------------------------------------------ clients and software

    @Override
    public Client open() {
        int token = gate.tryEnter(); // inside the gate the device's own reference is held: get cannot fail
        if (token == Gate.REFUSED) {
            throw new DeviceGoneException(name, "open", null);
        }
        try {
            refs.get();
        } finally {
            gate.exit(token);
        }
        return new ClientImpl(name + " client #" + clients.incrementAndGet());
    }

    @Override
    public int references() {
        return refs.count();
    }

    @Override
    public <T> Managed<T> alloc(String name, Supplier<? extends T> supplier) {
        try {
            return software.alloc(name, supplier);
        } catch (ListClosedException e) {
            throw new DeviceGoneException(this.name, "alloc '" + name + "'", e);
        }
    }

    @Override
    public <T> Managed<T> alloc(String name, Supplier<? extends T> supplier, Consumer<? super T> destructor) {
        try {
            return software.alloc(name, supplier, destructor);
        } catch (ListClosedException e) {
            throw new DeviceGoneException(this.name, "alloc '" + name + "'", e);
        }
    }

    @Override
    public Handle onLastPut(String name, Release<? super Unpluggable<H>> action) {
        try {
            return software.addOrReset(name, action);
        } catch (ListClosedException e) {
            throw new DeviceGoneException(this.name, "onLastPut '" + name + "'", e);
        }
    }

    private void releaseSoftware() {
        software.releaseAllAndClose("last put");
    }

    // ------------------------------------------------------------------ hardware

    @Override
    public Handle onUnplug(String name, Release<? super H> action) {
        try {
            return hardware.addOrReset(name, action);
        } catch (ListClosedException e) {
            throw new DeviceGoneException(this.name, "onUnplug '" + name + "'", e);
        }
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

    @Override
    public void unplug() {
        CompletableFuture<UnplugReport> f = unplugAsync();
        Thread me = Thread.currentThread();
        if (depth.get()[0] > 0 || tearingDown == me || deferredTo == me) {
            return; // the teardown waits for this thread: finishing here would wait for itself
        }
        f.join();
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

    /** Steps 1 and 2 on the first unplugger; then step 3 onwards here, or on exit of this thread's outermost call. */
    private void startTeardown() {
        Thread me = Thread.currentThread();
        tearingDown = me;
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
            tearingDown = null;
            done.completeExceptionally(e);
            throw e;
        }
        if (depth.get()[0] > 0) {
            deferredTo = me; // inside a call of ours: the teardown finishes when that call returns
            tearingDown = null;
            return;
        }
        finish();
    }

    /** Steps 3 to 5; never throws: everything goes into the report, which completes {@code done}. */
    private void finish() {
        Thread me = Thread.currentThread();
        deferredTo = null;
        tearingDown = me;
        UnplugReport report = null;
        try {
            long waitStart = System.nanoTime();
            gate.shut();
            Duration waited = Duration.ofNanos(System.nanoTime() - waitStart);
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
            gate.exit(t);
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
