package org.devres4j.uapi;

import java.util.List;
import java.util.Optional;

/**
 * The names a system shows userspace — device nodes ({@code /dev/dri/card0}) and sysfs entries — and
 * the minor numbers behind the nodes: Linux's sysfs and devtmpfs. A {@code Bus} is handed its
 * namespace when it is made ({@code new Bus(name, namespace)}; {@code new Bus(name)} makes an
 * in-memory one), and every device on that bus publishes there. Nothing finds a namespace any other
 * way: two buses made with two namespaces share no name and no minor.
 *
 * <p><b>Lifetime:</b> a name is held from {@link #publish} to {@link #withdraw}; publishing a held name
 * fails with {@link Errno#EEXIST} — the error of seed 004 when uapi removal is tied to the wrong
 * lifetime. A minor is held from {@link #allocMinor} to {@link #freeMinor}; a DRM device holds one from
 * its allocation to its final release. The namespace itself lives as long as whoever made it keeps it.
 *
 * <p><b>Order:</b> {@link #allocMinor} hands out the lowest free number, so a freed minor is reused
 * first; {@link #paths()} is sorted and {@link #minors()} ascending.
 *
 * <p><b>Concurrency:</b> implementations must be thread-safe: devices on different threads publish at
 * once. The kernel never calls a namespace while holding one of its own locks.
 */
public interface Namespace {

    /**
     * Makes an empty in-memory namespace (thread-safe, one lock).
     *
     * @param name the namespace's name, for messages (e.g. the bus's)
     * @return the namespace
     * @throws NullPointerException if the name is null
     */
    static Namespace inMemory(String name) {
        return new MemoryNamespace(name);
    }

    /**
     * Publishes a name.
     *
     * @param path  the name, e.g. {@code /dev/dri/card0}
     * @param owner who publishes it (a device name), for reports
     * @throws ErrnoException with {@link Errno#EEXIST} if the name is held, naming both owners; nothing changes
     */
    void publish(String path, String owner);

    /**
     * Withdraws a name.
     *
     * @param path the name
     * @return whether it was held
     */
    boolean withdraw(String path);

    /**
     * @param path a name
     * @return who holds it
     */
    Optional<String> owner(String path);

    /** @return every held name, sorted */
    List<String> paths();

    /**
     * Allocates the lowest free minor number.
     *
     * @param owner who takes it
     * @return the minor
     */
    default int allocMinor(String owner) {
        return allocMinor(owner, 0, Integer.MAX_VALUE);
    }

    /**
     * Allocates the lowest free minor number of a range — how DRM keeps primary nodes at 0–63 and render nodes
     * at 128–191 ({@code xa_alloc} with a limit).
     *
     * @param owner who takes it
     * @param first the lowest minor of the range, not negative
     * @param last  the highest, at least {@code first}
     * @return the minor
     * @throws ErrnoException           with {@link Errno#ENOSPC} if every minor of the range is taken, naming the
     *                                  namespace and the range; nothing changes
     * @throws IllegalArgumentException if the range is malformed; nothing changes
     */
    int allocMinor(String owner, int first, int last);

    /**
     * Frees a minor number.
     *
     * @param minor the minor
     * @throws IllegalStateException if it is not allocated, naming the namespace and the minor; nothing changes
     */
    void freeMinor(int minor);

    /** @return the allocated minors, ascending */
    List<Integer> minors();
}
