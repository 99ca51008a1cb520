package org.devres4j.examples.serial;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A stand-in for a native serial-port library (what jSerialComm or RXTX give an application): a
 * {@link #readLine()} that blocks like read(2), an abort that wakes it, a close, and a detach callback
 * the operating system fires on its own thread when the cable is pulled. It also models why closing
 * too early is fatal: a close while a read sits in native code is the JVM crash the issue trackers
 * are full of — here it is counted in {@link #closedUnderAReader()} instead.
 *
 * <p><b>Lifetime:</b> open until {@link #close()}. <b>Order:</b> lines are read in the order they
 * arrive. <b>Concurrency:</b> one reader thread; everything else from any thread.
 */
public final class FakeSerialPort {

    private static final String ABORT = new String("abort"); // identity sentinel, never a real line

    private final String name;
    private final BlockingQueue<String> rx = new LinkedBlockingQueue<>();
    private final List<String> written = new CopyOnWriteArrayList<>();
    private final List<Runnable> detachListeners = new CopyOnWriteArrayList<>();
    private volatile boolean open = true;
    private volatile boolean reading;
    private volatile boolean closedUnderAReader;

    /**
     * Opens a port.
     *
     * @param name the device name, e.g. {@code "ttyUSB0"}
     */
    public FakeSerialPort(String name) {
        this.name = name;
    }

    /** @return the device name */
    public String name() {
        return name;
    }

    /**
     * Blocks until a line arrives or the read is aborted.
     *
     * @return the line
     * @throws IOException if the port is closed or the read was aborted
     */
    public String readLine() throws IOException {
        if (!open) {
            throw new IOException(name + ": read on a closed port (EBADF)");
        }
        reading = true;
        try {
            String line = rx.take();
            if (line == ABORT) {
                throw new IOException(name + ": read aborted");
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(name + ": read interrupted");
        } finally {
            reading = false;
        }
    }

    /**
     * Writes a line.
     *
     * @param line the line
     * @throws IOException if the port is closed
     */
    public void write(String line) throws IOException {
        if (!open) {
            throw new IOException(name + ": write on a closed port (EBADF)");
        }
        written.add(line);
    }

    /** Wakes a reader blocked in {@link #readLine()}: its read fails with an IOException. */
    public void abortRead() {
        rx.add(ABORT);
    }

    /** Closes the native handle. Closing under a blocked reader is the crash this models. */
    public void close() {
        if (reading) {
            closedUnderAReader = true;
        }
        open = false;
    }

    /**
     * Waits until a reader is blocked in {@link #readLine()} (for demonstrations that pull the cable
     * under a blocked read).
     *
     * @param timeout the longest wait
     * @param unit    its unit
     * @return whether a reader is inside
     * @throws InterruptedException if interrupted
     */
    public boolean awaitReader(long timeout, java.util.concurrent.TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (!reading || !rx.isEmpty()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    /** @return whether the native handle is open */
    public boolean isOpen() {
        return open;
    }

    /** @return whether the handle was ever closed while a read was still inside it (a crash in real life) */
    public boolean closedUnderAReader() {
        return closedUnderAReader;
    }

    /** @return what was written, in order */
    public List<String> written() {
        return List.copyOf(written);
    }

    /**
     * Registers a callback the operating system runs when the device disappears.
     *
     * @param listener runs on the thread that noticed the removal
     */
    public void onDetach(Runnable listener) {
        detachListeners.add(listener);
    }

    /**
     * The device sends a line.
     *
     * @param line the line
     */
    public void receive(String line) {
        rx.add(line);
    }

    /** The cable is pulled: the detach callbacks run on the calling thread. */
    public void pullCable() {
        detachListeners.forEach(Runnable::run);
    }
}
