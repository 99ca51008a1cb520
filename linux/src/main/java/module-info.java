/**
 * devres4j linux: the driver model on real Linux devices — a hot-plug event source (kernel uevents over
 * netlink through the FFM API on JDK 22+, a rescan of {@code /sys/class/<subsystem>} on JDK 17), a bus
 * that mirrors a kernel subsystem onto a devres4j {@code Bus}, drivers whose hardware is the device's
 * sysfs attribute files, and a reference driver sampling network counters.
 *
 * <p>Lifetime: a mirrored device lives from the kernel's add (or the coldplug enumeration) to the kernel's
 * remove, which is a surprise unplug: gate shut, {@code remove()}, devres newest first. Order: events are
 * applied one at a time, in the kernel's order. Concurrency: every public type is thread-safe; attribute
 * reads from any thread go through the binding's enter/exit gate.
 */
module org.devres4j.linux {
    requires transitive org.devres4j.kernel;
    requires jdk.jfr;

    exports org.devres4j.linux;
}
