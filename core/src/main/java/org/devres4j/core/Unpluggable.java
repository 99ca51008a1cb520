package org.devres4j.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A handle to something that can vanish while clients still hold it — a serial port, a HID or USB
 * device, a GPU, a native context — with the two lifetimes the Linux DRM layer gives a hot-unpluggable
 * device: hardware that goes at unplug, software that goes when the last client lets go.
 *
 * <p><b>Lifetime:</b> it owns the raw device handle {@code H}, a <i>hardware</i> list
 * ({@link #onUnplug(String, Release)}: closing the native handle, freeing DMA buffers, stopping
 * threads that talk to the device), released once, at {@link #unplug()}; and a <i>software</i> list
 * ({@link #alloc(String, Supplier)}, {@link #onLastPut(String, Release)}: state the application and
 * its clients read), released once, at the last put. The device holds one reference of its own until
 * its unplug has finished; each {@link #open() client} holds one more. So software state outlives
 * the hardware exactly as long as a client holds it, and hardware never outlives the unplug.
 *
 * <p><b>Order:</b> {@code unplug()} (1) refuses every new call, open and transfer with a
 * {@link DeviceGoneException}, (2) runs the {@linkplain Builder#onWake wake hook} so that calls
 * blocked in the device (a native read) return, (3) waits for every call and transfer already in
 * flight, (4) releases the hardware list newest first — each action at most once, failures collected,
 * an action given a timeout waited for at most that long — and (5) drops the device's reference, which
 * releases the software list newest first if no client is left. A call in flight that fails after (1)
 * fails with {@code DeviceGoneException}, with what the handle threw as its cause.
 *
 * <p><b>Concurrency:</b> every method is safe from any thread. {@code unplug()} is idempotent: every
 * caller returns only when the teardown above is complete, with one exception — a caller that the
 * teardown would wait for (a thread inside a {@link #call call} of this device, e.g. a data callback
 * that learns of the removal, or the wake hook or a release action calling back) returns after steps
 * (1) and (2), and its teardown finishes on that same thread the moment its outermost call returns:
 * it never waits for itself. {@link #unplugAsync()} returns a future instead of waiting. A
 * {@link Transfer} is a section that may be closed on another thread (an asynchronous transfer whose
 * completion arrives on a callback thread); {@code unplug()} waits for it like for a call, so a thread
 * must not unplug while it holds an open transfer that only it would close.
 *
 * <pre>{@code
 * Unpluggable<SerialPort> port = Unpluggable.builder("ttyUSB0", SerialPort.open("/dev/ttyUSB0"))
 *         .onWake(SerialPort::abortRead)          // between "refuse new" and "wait for in-flight"
 *         .build();
 * port.onUnplug("close", SerialPort::close);      // hardware: goes at unplug
 * int n = port.call(p -> p.read(buffer));         // throws IOException, or DeviceGoneException
 * port.unplug();                                  // from any thread, any number of times
 * }</pre>
 *
 * @param <H> the raw device handle's type
 */
public interface Unpluggable<H> extends AutoCloseable {

    /**
     * Wraps a device handle with no wake hook.
     *
     * @param name   the name errors, traces and reports print (e.g. {@code "ttyUSB0"})
     * @param handle the raw device handle; calls receive it
     * @param <H>    the handle type
     * @return a plugged device
     * @throws NullPointerException if either argument is null
     */
    static <H> Unpluggable<H> create(String name, H handle) {
        return builder(name, handle).build();
    }

    /**
     * Starts building a device.
     *
     * @param name   the name errors, traces and reports print
     * @param handle the raw device handle
     * @param <H>    the handle type
     * @return a builder
     * @throws NullPointerException if either argument is null
     */
    static <H> Builder<H> builder(String name, H handle) {
        return new GatedUnpluggable.BuilderImpl<>(name, handle);
    }

    /** @return the name errors, traces and reports print */
    String name();

    /** @return true until {@link #unplug()} starts; from then on every new call is refused */
    boolean isPlugged();

    /** @return whether an unplug has finished (the hardware list released, the device's reference dropped) */
    boolean isUnplugged();

    /** @return whether the software state was released: unplugged, and the last client closed */
    boolean isReleased();

    // ------------------------------------------------------------------ calls

    /**
     * Calls into the device: runs {@code call} with the raw handle inside a section that
     * {@link #unplug()} waits for.
     *
     * @param call what to do with the handle; may throw a checked exception of type {@code X}
     * @param <R>  the result type
     * @param <X>  the checked exception the call may throw
     * @return what the call returned
     * @throws X                   what the call threw, while the device is plugged
     * @throws DeviceGoneException if the device was unplugged before the call (nothing ran), or the
     *                             call failed after the unplug started (its failure is the cause)
     */
    <R, X extends Exception> R call(Call<? super H, ? extends R, X> call) throws X;

    /**
     * {@link #call(Call)} for a call without a result.
     *
     * @param action what to do with the handle
     * @param <X>    the checked exception it may throw
     * @throws X                   what the action threw, while the device is plugged
     * @throws DeviceGoneException as {@link #call(Call)}
     */
    <X extends Exception> void run(Action<? super H, X> action) throws X;

    /**
     * Begins an asynchronous transfer: a section that the calling thread hands to whatever completes
     * the transfer, which closes it — on any thread. {@link #unplug()} waits for it like for a call.
     *
     * @return the open transfer
     * @throws DeviceGoneException if the device was unplugged
     */
    Transfer<H> begin();

    // ------------------------------------------------------------------ clients and software state

    /**
     * Opens a client: a reference that keeps the software state alive, also after the unplug, until
     * the client is closed (the kernel's open file).
     *
     * @return the client
     * @throws DeviceGoneException if the device was unplugged (no reference is kept)
     */
    Client open();

    /** @return the references held: the device's own until its unplug finishes, plus one per open client */
    int references();

    /**
     * Allocates software state, released (poisoned) at the last put.
     *
     * @param name     the name reports print
     * @param supplier creates the value
     * @param <T>      the value type
     * @return the managed value
     * @throws DeviceGoneException if the software state was already released
     */
    <T> Managed<T> alloc(String name, Supplier<? extends T> supplier);

    /**
     * Allocates software state with a destructor that runs at the last put.
     *
     * @param name       the name reports print
     * @param supplier   creates the value
     * @param destructor runs once, at the last put
     * @param <T>        the value type
     * @return the managed value
     * @throws DeviceGoneException if the software state was already released
     */
    <T> Managed<T> alloc(String name, Supplier<? extends T> supplier, Consumer<? super T> destructor);

    /**
     * Registers a software action, run at the last put, newest first. It receives this device, not the
     * raw handle: by then the hardware is gone, and a {@link #call call} would fail.
     *
     * @param name   the name traces and reports print
     * @param action the action
     * @return its handle
     * @throws DeviceGoneException if the software state was already released; the action ran at once
     */
    Handle onLastPut(String name, Release<? super Unpluggable<H>> action);

    // ------------------------------------------------------------------ hardware lifetime

    /**
     * Registers a hardware action, run at unplug, newest first, after every call in flight returned.
     *
     * @param name   the name traces and reports print
     * @param action receives the raw handle
     * @return its handle
     * @throws DeviceGoneException if the unplug already released the hardware list; the action ran at once
     */
    Handle onUnplug(String name, Release<? super H> action);

    /**
     * Registers a hardware action that the unplug waits for at most {@code timeout}: the action runs on
     * a thread of its own, and if it has not finished by then the unplug goes on without it and reports
     * a failure whose cause is a {@link java.util.concurrent.TimeoutException} (a native close that
     * hangs must not hang every caller of unplug).
     *
     * @param name    the name traces and reports print
     * @param timeout the longest wait, positive
     * @param action  receives the raw handle
     * @return its handle
     * @throws IllegalArgumentException if the timeout is zero or negative
     * @throws DeviceGoneException      if the unplug already released the hardware list; the action ran at once
     */
    Handle onUnplug(String name, Duration timeout, Release<? super H> action);

    // ------------------------------------------------------------------ teardown

    /**
     * Unplugs the device (see the class comment for the five steps) and waits until the teardown is
     * complete. Idempotent: a second or concurrent call waits for the same teardown. From a thread that
     * the teardown would wait for — inside a call of this device, or running its wake hook or a release
     * action — it returns once new calls are refused and the wake hook has run; the rest finishes when
     * that thread's outermost call returns. Failures are in the {@link UnplugReport} of
     * {@link #unplugAsync()}, and logged (logger {@code org.devres4j.unplug}, WARNING).
     */
    void unplug();

    /**
     * Starts the unplug if it has not started, without waiting.
     *
     * @return completes with the report when the teardown is complete (the same report for every caller)
     */
    CompletableFuture<UnplugReport> unplugAsync();

    /**
     * A future of the teardown that does not start it.
     *
     * @return completes with the report when an unplug has finished
     */
    CompletableFuture<UnplugReport> whenUnplugged();

    /** Same as {@link #unplug()}: an orderly removal is an unplug. */
    @Override
    void close();

    // ------------------------------------------------------------------ types

    /**
     * A call into the device.
     *
     * @param <H> the handle type
     * @param <R> the result type
     * @param <X> the checked exception it may throw
     */
    @FunctionalInterface
    interface Call<H, R, X extends Exception> {
        /**
         * Does the call.
         *
         * @param handle the raw device handle
         * @return the result
         * @throws X on failure
         */
        R call(H handle) throws X;
    }

    /**
     * A call into the device without a result.
     *
     * @param <H> the handle type
     * @param <X> the checked exception it may throw
     */
    @FunctionalInterface
    interface Action<H, X extends Exception> {
        /**
         * Does the call.
         *
         * @param handle the raw device handle
         * @throws X on failure
         */
        void run(H handle) throws X;
    }

    /**
     * Wakes calls blocked in the device (aborts a pending native read, closes a file descriptor
     * another thread waits on). Runs once per device, on the unplugging thread, after new calls are
     * refused and before the unplug waits for the calls in flight.
     *
     * @param <H> the handle type
     */
    @FunctionalInterface
    interface WakeHook<H> {
        /**
         * Wakes blocked calls.
         *
         * @param handle the raw device handle
         * @throws Exception a failure; it is reported, and the unplug goes on
         */
        void wake(H handle) throws Exception;
    }

    /**
     * A client's reference on the software state: while it is open the software state lives, also
     * after the unplug. Close it exactly once; a second close is refused, so it can never drop another
     * client's reference.
     */
    interface Client extends AutoCloseable {

        /** @return the client's name, e.g. {@code "ttyUSB0 client #2"} */
        String name();

        /** @return whether it is still open */
        boolean isOpen();

        /**
         * Drops the reference; the last one releases the software state, newest first, on this thread.
         *
         * @throws IllegalStateException  if it was already closed (nothing changes)
         * @throws ReleaseFailedException if a software action failed (every other one still ran)
         */
        @Override
        void close();
    }

    /**
     * An asynchronous transfer in flight: a section of the device that is opened on one thread and
     * closed on another. Close it exactly once, on completion, error or cancellation.
     *
     * @param <H> the handle type
     */
    interface Transfer<H> extends AutoCloseable {

        /**
         * The raw handle, for the thread that completes the transfer.
         *
         * @return the handle
         * @throws IllegalStateException if the transfer was closed
         */
        H handle();

        /** @return whether it is still open */
        boolean isOpen();

        /**
         * Ends the transfer, on any thread.
         *
         * @throws IllegalStateException if it was already closed (nothing changes)
         */
        @Override
        void close();
    }

    /**
     * Builds an {@link Unpluggable}.
     *
     * @param <H> the handle type
     */
    interface Builder<H> {

        /**
         * Sets the wake hook: what aborts calls blocked in the device at unplug.
         *
         * @param hook the hook
         * @return this builder
         */
        Builder<H> onWake(WakeHook<? super H> hook);

        /**
         * Tracks every client and transfer with a leak detector: one dropped without its close is
         * reported with where it was opened.
         *
         * @param detector the detector
         * @return this builder
         */
        Builder<H> leakDetector(LeakDetector detector);

        /** @return the plugged device */
        Unpluggable<H> build();
    }
}
