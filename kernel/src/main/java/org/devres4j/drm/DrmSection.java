package org.devres4j.drm;

import org.devres4j.core.Gate;
import org.devres4j.hw.Guard;

/**
 * A hardware section of a DRM device: the {@link Guard} that lets a driver reach its registers.
 *
 * <p><b>Lifetime:</b> from a successful enter to {@link #close()}. <b>Order:</b> unplug waits for
 * it. <b>Concurrency:</b> belongs to the entering thread; close it on that thread.
 */
public final class DrmSection implements Guard, AutoCloseable {
    private final DrmDevice device;
    private final int token;
    private final Thread thread = Thread.currentThread();
    /**
     * The entering thread while the section is open, null once closed (or never entered). Plain,
     * not volatile: only the entering thread writes it, and another thread can never see itself
     * in it, so {@link #holds()} is false there whatever it reads.
     */
    private Thread owner;

    DrmSection(DrmDevice device, int token) {
        this.device = device;
        this.token = token;
        if (token != Gate.REFUSED) {
            owner = thread;
        }
    }

    /** @return whether it was entered (false: the device is unplugged) */
    public boolean entered() {
        return token != Gate.REFUSED;
    }

    /** @return the device */
    public DrmDevice device() {
        return device;
    }

    @Override
    public boolean holds() {
        return owner == Thread.currentThread();
    }

    @Override
    public String describe() {
        return device.guard().sectionName();
    }

    /**
     * Exits ({@code drm_dev_exit}); a second close on the entering thread does nothing.
     *
     * @throws IllegalStateException on any other thread, for an entered section (open or already
     *                               closed: its state belongs to the entering thread)
     */
    @Override
    public void close() {
        // Kept small: the rare cases live in closeRest. Measured with DrmBench -prof gc: a section used as a
        // try-with-resources variable is scalar-replaced on JDK 17 and 25 alike (no allocation beyond the
        // unguarded path's) as long as it is not stored in another object: JDK 17's C2 kept it on the heap
        // when it sat in an IoMapping.access(guard) view (32 B per ioctl), which is why hot paths use
        // IoMapping.read32(Guard, long) / write32(Guard, long, int). Measure before changing this method.
        if (owner == Thread.currentThread()) {
            owner = null;
            device.guard().gate().exit(token);
            return;
        }
        closeRest();
    }

    /** Not open on this thread: refused on a foreign thread (for an entered section), else already closed. */
    private void closeRest() {
        if (Thread.currentThread() != thread && entered()) {
            throw new IllegalStateException("exit of a section of " + device.name() + " refused: it was entered on thread '"
                    + thread.getName() + "' and must be exited there (sections belong to the entering thread)");
        }
    }
}
