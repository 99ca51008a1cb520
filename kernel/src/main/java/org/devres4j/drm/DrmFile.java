package org.devres4j.drm;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An open file of a {@link DrmDevice} ({@code struct drm_file}): holds a reference on the device from
 * {@link DrmDevice#open()} to {@link #close()}, issues ioctls through the driver's table, owns buffer
 * objects by handle and mmaps them.
 *
 * <p><b>Lifetime:</b> open until closed, exactly once; the device (its drmm list, its software state)
 * lives at least that long, even after unplug. A mapping outlives the file and holds its own
 * reference until {@link DrmMapping#munmap()}. <b>Order:</b> closing drops the buffer handles, then
 * the device reference (which may be the last). <b>Concurrency:</b> ioctls may be issued from many
 * threads at once and concurrently with unplug; the handle table is synchronised.
 */
public final class DrmFile implements AutoCloseable {
    private final DrmDevice device;
    private final int id;
    private final Map<Integer, DrmBuffer> buffers = new HashMap<>();
    private int nextHandle = 1;
    private volatile boolean open = true;

    DrmFile(DrmDevice device, int id) {
        this.device = device;
        this.id = id;
    }

    /** @return the device */
    public DrmDevice device() {
        return device;
    }

    /** @return the file's number on its device, from 1 */
    public int id() {
        return id;
    }

    /** @return whether it is still open */
    public boolean isOpen() {
        return open;
    }

    /**
     * Issues an ioctl: dispatched through the driver's table.
     *
     * @param nr  the number
     * @param arg the argument
     * @return the value, or {@link Errno#EINVAL} for a number not in the table, or the errno the
     *         handler raised (e.g. {@link Errno#ENODEV} on hardware paths after unplug)
     * @throws IllegalStateException if the file was closed
     * @throws RuntimeException      any other exception of the handler propagates: a driver bug (the model's oops)
     */
    public Result ioctl(int nr, long arg) {
        // The dispatch path builds no string and no Optional; messages are made only on failure.
        if (!open) {
            checkOpen("ioctl " + nr);
        }
        Ioctl entry = device.driver().entry(nr);
        if (entry == null) {
            return notInTable(nr);
        }
        try {
            return Result.ok(entry.handler().handle(this, arg));
        } catch (ErrnoException e) {
            return failed(entry, e);
        }
    }

    private Result notInTable(int nr) {
        return Result.error(Errno.EINVAL, "ioctl " + nr + " on " + device.name() + ": not in the table of driver '"
                + device.driver().name() + "'");
    }

    private static Result failed(Ioctl entry, ErrnoException e) {
        return Result.error(e.errno(), entry.name() + ": " + e.getMessage());
    }

    /**
     * Creates a zero-filled buffer object owned by this file (a GEM object behind a handle).
     *
     * @param name the name
     * @param size bytes, 1 to {@link DrmBuffer#MAX_SIZE}
     * @return its handle
     * @throws ErrnoException {@link Errno#EINVAL} for a size out of range
     */
    public int createBuffer(String name, long size) {
        checkOpen("createBuffer");
        if (size <= 0 || size > DrmBuffer.MAX_SIZE) {
            throw new ErrnoException(Errno.EINVAL, "buffer size " + size + " on " + device.name() + " is out of range 1.." + DrmBuffer.MAX_SIZE);
        }
        DrmBuffer b = new DrmBuffer(device.name() + ":" + name, (int) size);
        synchronized (buffers) {
            int h = nextHandle++;
            buffers.put(h, b);
            return h;
        }
    }

    /**
     * @param handle a handle
     * @return the buffer, if the handle is live
     */
    public Optional<DrmBuffer> buffer(int handle) {
        synchronized (buffers) {
            return Optional.ofNullable(buffers.get(handle));
        }
    }

    /**
     * Closes a handle ({@code GEM_CLOSE}); mappings of the buffer stay valid.
     *
     * @param handle the handle
     * @throws ErrnoException {@link Errno#ENOENT} if it is not live
     */
    public void closeBuffer(int handle) {
        checkOpen("closeBuffer");
        synchronized (buffers) {
            if (buffers.remove(handle) == null) {
                throw new ErrnoException(Errno.ENOENT, "buffer handle " + handle + " is not open on file" + id + " of " + device.name());
            }
        }
    }

    /**
     * Maps part of a buffer into "userspace". The mapping holds a reference on the device; after
     * unplug it is zapped to the dummy page.
     *
     * @param handle the buffer handle
     * @param offset the start, from 0
     * @param length the length, at least 1
     * @return the mapping
     * @throws ErrnoException {@link Errno#ENOENT} for an unknown handle, {@link Errno#EINVAL} for a
     *                        range outside the buffer, {@link Errno#ENODEV} once unplugged
     */
    public DrmMapping mmap(int handle, long offset, long length) {
        checkOpen("mmap");
        DrmBuffer b = buffer(handle).orElseThrow(() -> new ErrnoException(Errno.ENOENT,
                "mmap on " + device.name() + ": buffer handle " + handle + " is not open on file" + id));
        if (offset < 0 || length <= 0 || offset > b.size() - length) {
            throw new ErrnoException(Errno.EINVAL, "mmap on " + device.name() + ": range [" + offset + ", +" + length + ") is outside buffer '"
                    + b.name() + "' of " + b.size() + " bytes; a mapping must lie inside its buffer");
        }
        if (device.isUnplugged()) {
            throw new ErrnoException(Errno.ENODEV, "mmap on " + device.name() + " refused: it was unplugged");
        }
        device.get();
        DrmMapping m = new DrmMapping(device, b, (int) offset, (int) length);
        device.mapped(m);
        return m;
    }

    /**
     * Closes the file ({@code drm_release}): drops its handles and its device reference.
     *
     * @throws IllegalStateException if already closed
     */
    @Override
    public void close() {
        synchronized (this) {
            if (!open) {
                throw new IllegalStateException("close of file" + id + " of " + device.name() + " refused: it is already closed; a file is closed once");
            }
            open = false;
        }
        synchronized (buffers) {
            buffers.clear();
        }
        device.fileClosed(this);
    }

    private void checkOpen(String op) {
        if (!open) {
            throw new IllegalStateException(op + " on file" + id + " of " + device.name() + " refused: the file was closed");
        }
    }

    @Override
    public String toString() {
        return "DrmFile " + id + " of " + device.name() + (open ? "" : " (closed)");
    }
}
