package org.devres4j.drm;

import org.devres4j.uapi.Errno;
import org.devres4j.uapi.ErrnoException;

/**
 * One ioctl's implementation in a {@link DrmDriver}'s table.
 *
 * <p><b>Lifetime:</b> called only on an open file. <b>Order:</b> none between files.
 * <b>Concurrency:</b> called concurrently from many threads and concurrently with unplug: anything
 * that reaches hardware must run inside {@link DrmDevice#enter()} / {@link DrmDevice#enterOrEnodev()}
 * and fail with {@link Errno#ENODEV} once unplugged; software queries may run without it.
 */
@FunctionalInterface
public interface IoctlHandler {

    /**
     * Handles the ioctl.
     *
     * @param file the file it was issued on
     * @param arg  its argument
     * @return the value userspace sees
     * @throws ErrnoException to return an error number
     */
    long handle(DrmFile file, long arg);
}
