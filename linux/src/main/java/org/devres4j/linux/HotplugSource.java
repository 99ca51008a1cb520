package org.devres4j.linux;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where a bus learns that kernel devices appear and disappear. Two implementations, chosen at run time:
 * the kernel's own uevents read from a {@code NETLINK_KOBJECT_UEVENT} socket through the FFM API (JDK 22+,
 * no native code: {@link #netlink(String)}), and a rescan of {@code /sys/class/<subsystem>} at an interval
 * that runs on any JDK ({@link #scanning(Sysfs, String, Duration)}). {@link #open} takes the first that works.
 *
 * <p><b>Lifetime:</b> a source listens from the moment it is made — events that happen before the first
 * {@link #await()} are kept for it (the netlink socket queues them; the scanner compares with the snapshot
 * it took when made) — until {@link #close()}. That is what lets a bus subscribe first and enumerate the
 * existing devices afterwards without missing one. <b>Order:</b> events come in the kernel's order (a scan
 * reports removals before additions). <b>Concurrency:</b> one thread calls {@link #await()}; any thread may
 * call {@link #close()}, which wakes it.
 */
public interface HotplugSource extends AutoCloseable {

    /** @return the subsystem whose devices are reported, e.g. {@code net} */
    String subsystem();

    /** @return {@link KernelEvent.Origin#NETLINK} or {@link KernelEvent.Origin#SCAN} */
    KernelEvent.Origin origin();

    /** @return a short description for people, e.g. {@code netlink uevents} or {@code sysfs rescan every 20 ms} */
    String describe();

    /**
     * Waits until at least one event is there and returns every event there is, oldest first. A
     * {@link KernelEvent.Action#RESYNC} event means events were lost and the caller must compare its view
     * with sysfs again.
     *
     * @return the events; empty only once the source is closed
     * @throws InterruptedException if the waiting thread is interrupted
     */
    List<KernelEvent> await() throws InterruptedException;

    /** @return whether {@link #close()} was called */
    boolean isClosed();

    /** Stops listening, wakes a thread in {@link #await()} and frees what the source holds. Idempotent. */
    @Override
    void close();

    /**
     * The kernel's uevents over netlink, filtered to one subsystem.
     *
     * @param subsystem the subsystem
     * @return an open source
     * @throws HotplugUnavailableException on a JDK older than 22, without the multi-release classes, on a
     *                                     system that is not Linux, or if the kernel refuses the socket
     */
    static HotplugSource netlink(String subsystem) {
        return Sources.netlink(subsystem);
    }

    /**
     * A rescan of {@code /sys/class/<subsystem>} every {@code interval}; it takes its first snapshot now.
     *
     * @param sysfs     the tree to scan
     * @param subsystem the subsystem
     * @param interval  the time between scans, at least 1 ms
     * @return an open source
     * @throws IllegalArgumentException if the interval is shorter than 1 ms or the subsystem name is not one
     *                                  path element
     */
    static HotplugSource scanning(Sysfs sysfs, String subsystem, Duration interval) {
        return new SysfsScanSource(sysfs, subsystem, interval);
    }

    /**
     * The netlink source where it can be opened, else the rescan.
     *
     * @param sysfs        the tree (the rescan's, and for the netlink source only the real {@code /sys} makes sense)
     * @param subsystem    the subsystem
     * @param scanInterval the rescan's interval, if it is the one chosen
     * @return an open source
     */
    static HotplugSource open(Sysfs sysfs, String subsystem, Duration scanInterval) {
        if (netlinkUnavailableReason().isEmpty()) {
            try {
                return netlink(subsystem);
            } catch (HotplugUnavailableException e) {
                System.getLogger("org.devres4j.linux").log(System.Logger.Level.INFO,
                        "netlink uevents unavailable, rescanning sysfs instead: " + e.getMessage());
            }
        }
        return scanning(sysfs, subsystem, scanInterval);
    }

    /**
     * Why {@link #netlink(String)} cannot work here, as far as can be told without opening a socket.
     *
     * @return the reason, or empty if it should work
     */
    static Optional<String> netlinkUnavailableReason() {
        return Sources.netlinkUnavailableReason();
    }
}
