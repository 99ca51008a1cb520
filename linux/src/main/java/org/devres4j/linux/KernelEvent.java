package org.devres4j.linux;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One hot-plug event of a kernel device, as a uevent announces it ({@code add@/devices/virtual/net/veth0}
 * with {@code SUBSYSTEM=net}, {@code INTERFACE=veth0}, {@code IFINDEX=7}, {@code SEQNUM=812}), or as the
 * sysfs rescan and the coldplug enumeration synthesize it.
 *
 * <p><b>Lifetime:</b> a value. <b>Order:</b> a {@link HotplugSource} returns events in the kernel's order;
 * {@link #seqnum()} is the kernel's sequence number ({@link #NO_SEQNUM} for a synthesized event).
 * <b>Concurrency:</b> immutable.
 *
 * @param action        what happened
 * @param devpath       the device's path under {@code /sys}, e.g. {@code /devices/virtual/net/veth0}
 * @param subsystem     the subsystem, e.g. {@code net}
 * @param seqnum        the kernel's {@code SEQNUM}, or {@link #NO_SEQNUM}
 * @param properties    every {@code KEY=VALUE} of the event (an unmodifiable copy)
 * @param origin        who produced it
 * @param receivedNanos {@link System#nanoTime()} when the event reached user space (read from the socket,
 *                      or found by a scan)
 */
public record KernelEvent(Action action, String devpath, String subsystem, long seqnum,
                          Map<String, String> properties, Origin origin, long receivedNanos) {

    /** The {@link #seqnum()} of an event the kernel did not number. */
    public static final long NO_SEQNUM = -1;

    /** What the event says happened; the kernel's {@code ACTION}. */
    public enum Action {
        /** The device appeared. */
        ADD,
        /** The device is gone. */
        REMOVE,
        /** An attribute changed. */
        CHANGE,
        /** The device was renamed or moved ({@code DEVPATH_OLD} says from where). */
        MOVE,
        /** A kernel driver bound to it. */
        BIND,
        /** A kernel driver unbound from it. */
        UNBIND,
        /** Any other action ({@code online}, {@code offline} ...). */
        OTHER,
        /**
         * Not a kernel action: events were lost (the socket's buffer overflowed) and the listener must
         * compare its view with sysfs again. Carries no device.
         */
        RESYNC;

        /**
         * @param action the kernel's word, e.g. {@code add}
         * @return the action ({@link #OTHER} for a word not listed)
         */
        public static Action parse(String action) {
            switch (action) {
                case "add": return ADD;
                case "remove": return REMOVE;
                case "change": return CHANGE;
                case "move": return MOVE;
                case "bind": return BIND;
                case "unbind": return UNBIND;
                default: return OTHER;
            }
        }
    }

    /** Where an event comes from. */
    public enum Origin {
        /** Read from a {@code NETLINK_KOBJECT_UEVENT} socket: the kernel's own announcement. */
        NETLINK,
        /** Found by comparing two scans of {@code /sys/class/<subsystem>}. */
        SCAN,
        /** Found by the enumeration of the devices present when a bus started (or resynchronized). */
        COLDPLUG
    }

    /**
     * Checks the components.
     *
     * @param action        the action
     * @param devpath       the path (empty only for {@link Action#RESYNC})
     * @param subsystem     the subsystem
     * @param seqnum        the sequence number
     * @param properties    the properties
     * @param origin        the origin
     * @param receivedNanos when it was received
     */
    public KernelEvent {
        Objects.requireNonNull(action, "KernelEvent: the action must not be null");
        Objects.requireNonNull(devpath, "KernelEvent: the devpath must not be null");
        Objects.requireNonNull(subsystem, "KernelEvent: the subsystem must not be null");
        Objects.requireNonNull(origin, "KernelEvent: the origin must not be null");
        properties = Map.copyOf(Objects.requireNonNull(properties, "KernelEvent: the properties must not be null"));
    }

    /**
     * The marker a source returns after it lost events.
     *
     * @param subsystem the subsystem
     * @param origin    the source
     * @return a {@link Action#RESYNC} event
     */
    static KernelEvent resync(String subsystem, Origin origin) {
        return new KernelEvent(Action.RESYNC, "", subsystem, NO_SEQNUM, Map.of(), origin, System.nanoTime());
    }

    /**
     * The device's name: {@code INTERFACE} for a network device, else {@code DEVNAME}'s last part, else the
     * last element of the devpath.
     *
     * @return the name
     */
    public String name() {
        String n = properties.get("INTERFACE");
        if (n == null) {
            n = properties.get("DEVNAME");
        }
        if (n == null) {
            n = devpath;
        }
        return n.substring(n.lastIndexOf('/') + 1);
    }

    /**
     * What tells this device apart from an earlier one of the same name: the interface index for a network
     * device ({@code IFINDEX}, never reused while the system runs), else the devpath.
     *
     * @return the identity
     */
    public String identity() {
        String ifindex = properties.get("IFINDEX");
        return ifindex != null ? "ifindex " + ifindex : devpath;
    }

    /**
     * @param key a property name, e.g. {@code IFINDEX}
     * @return its value, if the event has it
     */
    public Optional<String> property(String key) {
        return Optional.ofNullable(properties.get(key));
    }

    @Override
    public String toString() {
        return action.name().toLowerCase(java.util.Locale.ROOT) + "@" + devpath
                + (seqnum == NO_SEQNUM ? "" : " seq " + seqnum) + " (" + origin.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
