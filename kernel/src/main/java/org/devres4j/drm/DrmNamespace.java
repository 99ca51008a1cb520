package org.devres4j.drm;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.devres4j.driver.Bus;

/**
 * Where DRM devices publish their userspace names — device nodes ({@code /dev/dri/card0}) and
 * sysfs-style entries — and get their minor numbers. One namespace per {@link Bus} by default (an
 * in-memory one); the simulator may {@link #install} its own (its sysfs and /dev), and
 * {@link #uninstall} or {@link #forget} it when its bus is done with (an installed namespace that refers
 * back to its bus is otherwise kept as long as that bus).
 *
 * <p><b>Lifetime:</b> a name is held from publish to withdraw; publishing a held name fails with
 * {@link Errno#EEXIST} — the error of seed 004 when uapi removal is tied to the wrong lifetime. A
 * minor is held from a device's allocation to its final release. <b>Order:</b> minors are the
 * lowest free number. <b>Concurrency:</b> implementations must be thread-safe.
 */
public interface DrmNamespace {

    /**
     * Publishes a name.
     *
     * @param path  the name, e.g. {@code /dev/dri/card0}
     * @param owner who publishes it (a device name), for reports
     * @throws ErrnoException with {@link Errno#EEXIST} if the name is held, naming both owners
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
    int allocMinor(String owner);

    /**
     * Frees a minor number.
     *
     * @param minor the minor
     * @throws IllegalStateException if it is not allocated
     */
    void freeMinor(int minor);

    /** @return the allocated minors, ascending */
    List<Integer> minors();

    /**
     * The namespace of a bus: the installed one, or an in-memory one created on first use.
     *
     * @param bus the bus
     * @return its namespace
     */
    static DrmNamespace of(Bus bus) {
        Objects.requireNonNull(bus, "DrmNamespace.of: the bus must not be null");
        synchronized (Namespaces.BY_BUS) {
            return Namespaces.BY_BUS.computeIfAbsent(bus, b -> new MemoryNamespace(b.name()));
        }
    }

    /**
     * Installs a namespace for a bus, before any DRM device on it publishes.
     *
     * @param bus       the bus
     * @param namespace its namespace
     * @throws IllegalStateException if the bus's current namespace already holds names or minors
     */
    static void install(Bus bus, DrmNamespace namespace) {
        Objects.requireNonNull(bus, "DrmNamespace.install: the bus must not be null");
        Objects.requireNonNull(namespace, "DrmNamespace.install: the namespace must not be null");
        synchronized (Namespaces.BY_BUS) {
            DrmNamespace old = Namespaces.BY_BUS.get(bus);
            if (old != null && old != namespace && (!old.paths().isEmpty() || !old.minors().isEmpty())) {
                throw new IllegalStateException("DrmNamespace.install on bus " + bus.name()
                        + " refused: its namespace is already in use (" + old.paths() + "); install before any DRM device exists");
            }
            Namespaces.BY_BUS.put(bus, namespace);
        }
    }

    /**
     * Removes the bus's namespace (installed or created on first use), so the bus no longer keeps it —
     * an installed namespace that refers back to its bus is otherwise kept as long as the bus, since the
     * namespaces are kept per bus in a map that the bus's own reachability governs. A DRM device
     * allocated on the bus afterwards gets a fresh in-memory namespace.
     *
     * <p>Refused while the namespace is in use: while it holds a name (a DRM device on the bus is
     * registered) or a minor (a DRM device on the bus is not yet finally released) — removing it then
     * would let a later device reuse those names and minors unseen. To drop a namespace regardless,
     * for a bus that is being discarded, use {@link #forget}.
     *
     * @param bus the bus
     * @return whether the bus had a namespace
     * @throws IllegalStateException if the namespace still holds names or minors (nothing changed)
     */
    static boolean uninstall(Bus bus) {
        Objects.requireNonNull(bus, "DrmNamespace.uninstall: the bus must not be null");
        synchronized (Namespaces.BY_BUS) {
            DrmNamespace current = Namespaces.BY_BUS.get(bus);
            if (current == null) {
                return false;
            }
            if (!current.paths().isEmpty() || !current.minors().isEmpty()) {
                throw new IllegalStateException("DrmNamespace.uninstall on bus " + bus.name() + " refused: its namespace "
                        + "is still in use (names " + current.paths() + ", minors " + current.minors() + "); unregister "
                        + "and release every DRM device on the bus first, or use forget for a bus that is being "
                        + "discarded (nothing changed)");
            }
            Namespaces.BY_BUS.remove(bus);
            return true;
        }
    }

    /**
     * Removes the bus's namespace whatever it still holds: for a bus that is being discarded (a
     * simulated world that is closed). DRM devices already allocated on the bus keep the namespace they
     * got; one allocated later gets a fresh in-memory namespace that knows nothing of the old names —
     * so use this only when the bus gets no new DRM device. Prefer {@link #uninstall}, which refuses
     * while the namespace is in use.
     *
     * @param bus the bus
     * @return whether the bus had a namespace
     */
    static boolean forget(Bus bus) {
        Objects.requireNonNull(bus, "DrmNamespace.forget: the bus must not be null");
        synchronized (Namespaces.BY_BUS) {
            return Namespaces.BY_BUS.remove(bus) != null;
        }
    }
}
