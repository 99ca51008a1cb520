package org.devres4j.drm;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.devres4j.core.RefCount;

/**
 * A userspace mapping of part of a buffer object ({@code mmap} of a GEM object).
 *
 * <p><b>Lifetime:</b> from mmap to {@link #munmap()}, holding a reference on the device all along
 * (a mapping keeps the device alive, as a vma keeps its file). Every access (a page fault) pins the
 * mapping for its duration, so a concurrent munmap drops the device reference only when the access
 * returns. At unplug the device zaps it: from then on it is backed by a dummy page — reads return
 * zero, writes are dropped — so userspace stays alive but inert (seed 001). <b>Order:</b> a zap
 * happens after unplug waited for every enter/exit section; an access refused after munmap never
 * starts. <b>Concurrency:</b> accesses are safe from any thread; an access racing with the zap sees
 * either the buffer or the dummy page.
 */
public final class DrmMapping {
    private final DrmDevice device;
    private final DrmBuffer buffer;
    private final int offset;
    private final int length;
    private final AtomicLong droppedWrites = new AtomicLong();
    private final AtomicBoolean zapped = new AtomicBoolean();
    private final RefCount ref;
    private volatile boolean live = true;

    DrmMapping(DrmDevice device, DrmBuffer buffer, int offset, int length) {
        this.device = device;
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.ref = RefCount.create("userspace mapping", this::release);
    }

    /** @return the buffer */
    public DrmBuffer buffer() {
        return buffer;
    }

    /** @return the offset inside the buffer */
    public int offset() {
        return offset;
    }

    /** @return the length */
    public int length() {
        return length;
    }

    /** @return whether it now points at the dummy page */
    public boolean isZapped() {
        return zapped.get();
    }

    /** @return how many writes the dummy page dropped */
    public long droppedWrites() {
        return droppedWrites.get();
    }

    /**
     * Reads one byte of the mapping.
     *
     * @param index an offset inside the mapping
     * @return the byte, or 0 once zapped
     * @throws IllegalStateException     after munmap (a segmentation fault)
     * @throws IndexOutOfBoundsException outside the mapping
     */
    public byte read(int index) {
        check(index);
        try {
            return zapped.get() ? 0 : buffer.read(offset + index);
        } finally {
            ref.put();
        }
    }

    /**
     * Writes one byte of the mapping; dropped once zapped.
     *
     * @param index an offset inside the mapping
     * @param value the byte
     * @throws IllegalStateException     after munmap
     * @throws IndexOutOfBoundsException outside the mapping
     */
    public void write(int index, byte value) {
        check(index);
        try {
            if (zapped.get()) {
                droppedWrites.incrementAndGet();
            } else {
                buffer.write(offset + index, value);
            }
        } finally {
            ref.put();
        }
    }

    /**
     * Unmaps: drops the device reference (maybe the last) — now, or when the access in flight returns.
     *
     * @throws IllegalStateException if already unmapped
     */
    public void munmap() {
        synchronized (this) {
            if (!live) {
                throw new IllegalStateException("munmap of a mapping of '" + buffer.name() + "' refused: it was already unmapped");
            }
            live = false;
        }
        ref.put();
    }

    /* the mapping's last put: the munmap, or the end of the access in flight */
    private void release() {
        device.files().unmapped(this);
        device.put();
    }

    /* @return whether this call zapped it: exactly one of racing calls (unplug, a late mmap) wins */
    boolean zap() {
        return live && zapped.compareAndSet(false, true);
    }

    /* checks the index, then pins the mapping for the access (the caller puts it back) */
    private void check(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("offset " + index + " is outside the mapping of '" + buffer.name() + "' (length " + length + ")");
        }
        if (!live || !ref.tryGet()) {
            throw new IllegalStateException("access to an unmapped mapping of '" + buffer.name() + "' (segmentation fault): it was munmap()ed");
        }
    }

    @Override
    public String toString() {
        return "DrmMapping " + buffer.name() + "[" + offset + ", +" + length + ")" + (zapped.get() ? " (zapped)" : "") + (live ? "" : " (unmapped)");
    }
}
