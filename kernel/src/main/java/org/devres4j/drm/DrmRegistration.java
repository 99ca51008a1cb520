package org.devres4j.drm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.devres4j.driver.Device;
import org.devres4j.uapi.Namespace;

/**
 * The userspace names of one {@link DrmDevice} — its device nodes (primary, and render for a driver with the render
 * feature), their sysfs entries, the debugfs-like {@code dri/<minor>/name} file and one entry per connector —
 * and their publication in the bus's {@link Namespace}: {@code drm_dev_register}/{@code drm_dev_unregister}
 * with the sysfs side of {@code drm_sysfs.c}.
 *
 * <p><b>Lifetime:</b> names are held from a successful {@link #register} to {@link #unregister} (or the undo
 * of a failed register). <b>Order:</b> published node by node (node, sysfs, class), then the name file and the
 * connectors, withdrawn
 * newest first. Every registration has a generation: a register that lost to an unregister never records
 * into, nor withdraws the names of, a newer registration. <b>Concurrency:</b> the state is decided under the
 * device's lock; the namespace (user code) is called without it.
 */
final class DrmRegistration {
    private static final long ANY_GENERATION = -1;

    private final DrmDevice drm;
    private final Object lock;
    private final Namespace namespace;
    /* @GuardedBy("lock") */
    private final List<String> published = new ArrayList<>();
    private volatile boolean registered;
    /*
     * @GuardedBy("lock") bumped by each register and each withdrawal (unregister, unplug, a failed register's
     * undo), so a register that already lost to an unregister cannot record into, or tear down, a newer one.
     */
    private long generation;

    DrmRegistration(DrmDevice drm, Object lock, Namespace namespace) {
        this.drm = drm;
        this.lock = lock;
        this.namespace = namespace;
    }

    boolean isRegistered() {
        return registered;
    }

    void register() {
        List<String> paths;
        long gen;
        synchronized (lock) {
            drm.checkAlive("register");
            if (registered) {
                throw new IllegalStateException("register of " + drm.name() + " refused: it is already registered; "
                        + "a DRM device is registered once and unregistered (or unplugged) once");
            }
            if (drm.isUnplugged()) {
                throw new IllegalStateException("register of " + drm.name() + " refused: it was unplugged; an unplugged device never comes back");
            }
            drm.life().finalFree().requireOwner();
            drm.driver().faults().check("drm-register");
            paths = userspacePaths();
            registered = true; // decided: a concurrent register is refused from here on
            gen = ++generation;
        }
        List<String> done = new ArrayList<>();
        try {
            for (String p : paths) {
                namespace.publish(p, drm.name());
                if (!recordPublished(p, gen)) {
                    namespace.withdraw(p); // an unregister (or unplug) ran meanwhile and won
                    return;
                }
                done.add(p);
            }
        } catch (RuntimeException e) {
            undoRegister(e, gen);
            throw e;
        }
        for (String p : done) {
            drm.emit(DrmEvents.PUBLISH, p, "");
        }
        drm.emit(DrmEvents.REGISTER, drm.name(), "");
    }

    /* drm_minor_register per node (node, sysfs, class), the debugfs name file, then the connectors */
    private List<String> userspacePaths() {
        List<String> paths = new ArrayList<>();
        for (DrmNode n : drm.nodes()) {
            paths.add(n.devPath());
            paths.add(sysfsPath(drm.parent()) + "/drm/" + n.name());
            paths.add(n.classPath());
        }
        paths.add(drm.nameEntry().path());
        for (Connector c : drm.modes().ofType(Connector.class)) {
            if (!c.isCleanedUp()) {
                paths.add("/sys/class/drm/" + drm.name() + "-" + c.name());
            }
        }
        return paths;
    }

    /* the sysfs directory of a device: its ancestors' names, root first */
    static String sysfsPath(Device d) {
        StringBuilder sb = new StringBuilder(d.name());
        for (Device p = d.parent().orElse(null); p != null; p = p.parent().orElse(null)) {
            sb.insert(0, p.name() + "/");
        }
        return "/sys/devices/" + sb;
    }

    /*
     * @return false if this registration (generation gen) was withdrawn meanwhile — even if a newer one
     * started since (then the caller withdraws the path, which it alone owns in the namespace)
     */
    private boolean recordPublished(String path, long gen) {
        synchronized (lock) {
            if (!registered || generation != gen) {
                return false;
            }
            published.add(path);
            return true;
        }
    }

    /*
     * A publish failed: withdraw what this registration (generation gen) published, newest first — unless
     * an unregister took it meanwhile (it withdrew them; a newer registration's names are not ours).
     */
    private void undoRegister(RuntimeException failure, long gen) {
        List<String> mine = takePublished(gen);
        if (mine == null) {
            return;
        }
        for (String p : mine) {
            try {
                namespace.withdraw(p);
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /*
     * Flips registered off and takes the published names, newest first, if the current registration is
     * generation gen (ANY_GENERATION: any); null otherwise. Bumps the generation, so the registration it
     * ends can record nothing more.
     */
    private List<String> takePublished(long gen) {
        synchronized (lock) {
            if (!registered || (gen != ANY_GENERATION && generation != gen)) {
                return null;
            }
            registered = false;
            generation++;
            List<String> gone = new ArrayList<>(published);
            Collections.reverse(gone);
            published.clear();
            return gone;
        }
    }

    boolean unregister() {
        List<String> gone = takePublished(ANY_GENERATION);
        if (gone == null) {
            return false;
        }
        // The namespace is the user's code: it is called without the lock; every name is tried.
        RuntimeException failure = null;
        for (String p : gone) {
            try {
                namespace.withdraw(p);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        for (String p : gone) {
            drm.emit(DrmEvents.WITHDRAW, p, "");
        }
        drm.emit(DrmEvents.UNREGISTER, drm.name(), "");
        if (failure != null) {
            throw failure;
        }
        return true;
    }
}
