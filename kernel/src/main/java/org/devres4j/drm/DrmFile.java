package org.devres4j.drm;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.devres4j.core.RefCount;
import org.devres4j.uapi.Errno;
import org.devres4j.uapi.ErrnoException;

/**
 * An open file of a {@link DrmDevice} ({@code struct drm_file}): holds a reference on the device from
 * {@link DrmDevice#open()} to its release, issues ioctls through the driver's table, owns buffer objects
 * by handle and mmaps them.
 *
 * <p><b>Lifetime:</b> the file has a reference count of its own (the kernel's {@code fdget}/{@code fput}):
 * {@link #close()} drops the open reference, and every call in flight on the file — an ioctl, an mmap, a
 * buffer operation — holds one for its duration. The file's release (its handles dropped, {@code CLOSE}
 * traced, the device reference put — maybe the device's last) runs at the last of those puts: at the close,
 * or, if a call was in flight, when that call returns, on its thread. So a handler never sees its device's
 * drmm state released under it. A mapping outlives the file and holds its own device reference until
 * {@link DrmMapping#munmap()}. <b>Order:</b> a call refused after close never starts; the release runs once,
 * after every call that started. <b>Concurrency:</b> calls may come from many threads at once and
 * concurrently with close and unplug; the handle table is synchronised.
 *
 * <p>A file is opened on one node ({@link #node()}): the primary node, or the render node, where an ioctl without
 * {@link DrmIoctlFlag#RENDER_ALLOW} answers {@link Errno#EACCES}. Once the device is unplugged every ioctl — the
 * software-only ones too, and the buffer operations, which are ioctls — answers {@link Errno#ENODEV} at entry,
 * before its handler runs ({@code drm_ioctl}); {@link #close()} always succeeds.
 */
public final class DrmFile implements AutoCloseable {
    private final DrmDevice device;
    private final int id;
    private final DrmNode node;
    private final Map<Integer, DrmBuffer> buffers = new HashMap<>();
    private final RefCount ref;
    private int nextHandle = 1;
    private volatile boolean open = true;

    DrmFile(DrmDevice device, int id, DrmNode node) {
        this.device = device;
        this.id = id;
        this.node = node;
        this.ref = RefCount.create("file" + id + " of " + device.name(), this::release);
    }

    /** @return the device */
    public DrmDevice device() {
        return device;
    }

    /** @return the file's number on its device, from 1 */
    public int id() {
        return id;
    }

    /** @return the node it was opened on */
    public DrmNode node() {
        return node;
    }

    /** @return whether it was opened on the render node ({@code drm_is_render_client}) */
    public boolean isRenderClient() {
        return node.type() == DrmMinorType.RENDER;
    }

    /** @return whether it is still open (not yet closed; calls in flight may still run) */
    public boolean isOpen() {
        return open;
    }

    /* fdget: a reference for one call, unless the file was closed */
    private void pin(String op) {
        if (!open || !ref.tryGet()) {
            throw closed(op);
        }
    }

    /* fput: the last one releases the file */
    private void unpin() {
        ref.put();
    }

    /**
     * Issues an ioctl ({@code drm_ioctl}), with the file pinned for the call: refused with {@link Errno#ENODEV}
     * once the device is unplugged, whatever the ioctl; then dispatched through the driver's table.
     *
     * @param nr  the number
     * @param arg the argument
     * @return the value; or, checked in this order, {@link Errno#ENODEV} if the device is unplugged,
     *         {@link Errno#EINVAL} for a number not in the table, {@link Errno#EACCES} on a render-node file for an
     *         ioctl without {@link DrmIoctlFlag#RENDER_ALLOW}; or the errno the handler raised (e.g.
     *         {@link Errno#ENODEV} when an unplug overtook it)
     * @throws IllegalStateException if the file was closed
     * @throws RuntimeException      any other exception of the handler propagates: a driver bug (the model's oops)
     */
    public Result ioctl(int nr, long arg) {
        // The dispatch path builds no string and no Optional; messages are made only on failure.
        pin("ioctl");
        try {
            if (device.isUnplugged()) {
                return unplugged(nr);
            }
            Ioctl entry = device.driver().entry(nr);
            if (entry == null) {
                return notInTable(nr);
            }
            if (node.type() == DrmMinorType.RENDER && !entry.renderAllowed()) {
                return Result.error(Errno.EACCES, entry.name() + " on " + node.name() + " refused: it is not allowed on a "
                        + "render node (no RENDER_ALLOW); issue it on the primary node");
            }
            try {
                return Result.ok(entry.handler().handle(this, arg));
            } catch (ErrnoException e) {
                return failed(entry, e);
            }
        } finally {
            unpin();
        }
    }

    private Result unplugged(int nr) {
        Ioctl entry = device.driver().entry(nr);
        return Result.error(Errno.ENODEV, (entry == null ? "ioctl " + nr : entry.name()) + " on " + device.name()
                + " refused: the device is unplugged — every ioctl of an unplugged device answers ENODEV; close the file");
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
     * @throws ErrnoException {@link Errno#ENODEV} once the device is unplugged (it is an ioctl),
     *                        {@link Errno#EINVAL} for a size out of range
     * @throws IllegalStateException if the file was closed
     */
    public int createBuffer(String name, long size) {
        pin("createBuffer");
        try {
            refuseIfUnplugged("createBuffer");
            if (size <= 0 || size > DrmBuffer.MAX_SIZE) {
                throw new ErrnoException(Errno.EINVAL, "buffer size " + size + " on " + device.name() + " is out of range 1.."
                        + DrmBuffer.MAX_SIZE);
            }
            DrmBuffer b = new DrmBuffer(device.name() + ":" + name, (int) size);
            synchronized (buffers) {
                int h = nextHandle++;
                buffers.put(h, b);
                return h;
            }
        } finally {
            unpin();
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
     * @throws ErrnoException {@link Errno#ENODEV} once the device is unplugged (it is an ioctl; the handles go at
     *                        close), {@link Errno#ENOENT} if it is not live
     * @throws IllegalStateException if the file was closed
     */
    public void closeBuffer(int handle) {
        pin("closeBuffer");
        try {
            refuseIfUnplugged("closeBuffer");
            synchronized (buffers) {
                if (buffers.remove(handle) == null) {
                    throw new ErrnoException(Errno.ENOENT, "buffer handle " + handle + " is not open on file" + id + " of " + device.name());
                }
            }
        } finally {
            unpin();
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
     * @throws ErrnoException {@link Errno#ENODEV} once unplugged (checked first, whatever the handle and
     *                        range), else {@link Errno#ENOENT} for an unknown handle, {@link Errno#EINVAL}
     *                        for a range outside the buffer
     * @throws IllegalStateException if the file was closed
     */
    public DrmMapping mmap(int handle, long offset, long length) {
        pin("mmap");
        try {
            if (device.isUnplugged()) { // first, as drm_gem_mmap does: an unplugged device answers ENODEV to any mmap
                throw new ErrnoException(Errno.ENODEV, "mmap on " + device.name() + " refused: it was unplugged");
            }
            DrmBuffer b = buffer(handle).orElseThrow(() -> new ErrnoException(Errno.ENOENT,
                    "mmap on " + device.name() + ": buffer handle " + handle + " is not open on file" + id));
            if (offset < 0 || length <= 0 || offset > b.size() - length) {
                throw new ErrnoException(Errno.EINVAL, "mmap on " + device.name() + ": range [" + offset + ", +" + length
                        + ") is outside buffer '" + b.name() + "' of " + b.size() + " bytes; a mapping must lie inside its buffer");
            }
            device.get();
            DrmMapping m = new DrmMapping(device, b, (int) offset, (int) length);
            device.files().mapped(m);
            return m;
        } finally {
            unpin();
        }
    }

    /**
     * Closes the file ({@code close(fd)}): drops the open reference. The release ({@code drm_release}: the
     * handles, the device reference) runs now, or when the last call in flight returns. Closing never depends on
     * the device: a file of an unplugged or unregistered device closes like any other.
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
        unpin();
    }

    private void refuseIfUnplugged(String op) {
        if (device.isUnplugged()) {
            throw new ErrnoException(Errno.ENODEV, op + " on file" + id + " of " + device.name() + " refused: the device is "
                    + "unplugged — every ioctl of an unplugged device answers ENODEV");
        }
    }

    /* the last put of the file */
    private void release() {
        synchronized (buffers) {
            buffers.clear();
        }
        device.files().released(this);
    }

    private IllegalStateException closed(String op) {
        return new IllegalStateException(op + " on file" + id + " of " + device.name() + " refused: the file was closed");
    }

    @Override
    public String toString() {
        return "DrmFile " + id + " of " + device.name() + " on " + node.name() + (open ? "" : " (closed)");
    }
}
