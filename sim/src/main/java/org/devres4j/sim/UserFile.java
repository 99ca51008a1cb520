package org.devres4j.sim;

import java.util.List;

/**
 * An open file as a userspace process holds it, whatever driver is behind it. Implemented by the
 * driver adapters on top of the DRM layer's {@code DrmFile}.
 */
interface UserFile {

    /** @return the device (bus name) it was opened on */
    String device();

    /** @return the DRM card it holds, e.g. {@code card0}, for reference chains */
    String card();

    /** @return the ioctl names this file understands (lower case, dashes) */
    List<String> ioctls();

    /**
     * Issues an ioctl.
     *
     * @return {@code ok}, {@code ok:VALUE} or an errno name
     */
    String ioctl(String name);

    /**
     * Maps a buffer of the file.
     *
     * @return the mapping
     * @throws org.devres4j.uapi.ErrnoException as userspace would see it
     */
    UserMap mmap();

    /** Closes the file (drops its reference). */
    void close();
}
