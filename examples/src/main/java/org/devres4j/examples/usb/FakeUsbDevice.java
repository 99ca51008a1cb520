package org.devres4j.examples.usb;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * A stand-in for an asynchronous USB library (libusb's transfers, usb4java): a bulk-in transfer is
 * submitted on one thread and completed on the library's event thread ({@code usb-events}), with data
 * when the device answers, or with an error when it is cancelled ({@code usb_kill_urb}).
 *
 * <p><b>Lifetime:</b> the interface is claimed until {@link #releaseInterface()}; a transfer
 * completing after that is the use-after-free this models, counted in {@link #completionsAfterRelease()}.
 * <b>Order:</b> pending transfers complete in submission order. <b>Concurrency:</b> submit and cancel
 * from any thread; completions run on the event thread.
 */
public final class FakeUsbDevice implements AutoCloseable {

    /** A pending bulk-in transfer. */
    private record Pending(int length, BiConsumer<byte[], Exception> callback) {
    }

    private final String name;
    private final ExecutorService events;
    private final List<Pending> pending = new ArrayList<>();
    private volatile boolean claimed = true;
    private volatile int completionsAfterRelease;

    /**
     * Opens the device and claims its interface.
     *
     * @param name the bus path, e.g. {@code "usb1-1"}
     */
    public FakeUsbDevice(String name) {
        this.name = name;
        this.events = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "usb-events");
            t.setDaemon(true);
            return t;
        });
    }

    /** @return the bus path */
    public String name() {
        return name;
    }

    /**
     * Submits a bulk-in transfer; the callback runs on the event thread.
     *
     * @param length   how many bytes to read
     * @param callback receives the data, or the error
     */
    public synchronized void submitBulkIn(int length, BiConsumer<byte[], Exception> callback) {
        pending.add(new Pending(length, callback));
    }

    /** The device answers the oldest pending transfer with data. */
    public synchronized void answer() {
        if (!pending.isEmpty()) {
            Pending p = pending.remove(0);
            events.execute(() -> complete(p, new byte[p.length()], null));
        }
    }

    /** Cancels every pending transfer: each completes with an error on the event thread. */
    public synchronized void cancelAll() {
        for (Pending p : pending) {
            events.execute(() -> complete(p, null, new java.io.IOException(name + ": transfer cancelled (device gone)")));
        }
        pending.clear();
    }

    private void complete(Pending p, byte[] data, Exception error) {
        if (!claimed) {
            completionsAfterRelease++;
        }
        p.callback().accept(data, error);
    }

    /** Releases the claimed interface (a hardware resource: goes at unplug). */
    public void releaseInterface() {
        claimed = false;
    }

    /** @return whether the interface is still claimed */
    public boolean isClaimed() {
        return claimed;
    }

    /** @return how many completions ran after the interface was released (a crash in real life) */
    public int completionsAfterRelease() {
        return completionsAfterRelease;
    }

    /** Stops the event thread. */
    @Override
    public void close() throws InterruptedException {
        events.shutdown();
        events.awaitTermination(30, TimeUnit.SECONDS);
    }
}
