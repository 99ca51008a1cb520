package org.devres4j.linux;

import java.util.Objects;
import org.devres4j.core.TraceEvent;

/**
 * What a {@link SysfsBus} reports to its listeners: kernel events as they arrive, devices plugged and
 * unplugged, events it skipped and why, failures, and — wrapped — every event of the driver model beneath
 * it (bind, unbind, devres {@code ADD}/{@code REL}). Typed records up to the edge: a listener decides by
 * type and fields, and text is rendered once, by whoever prints it. Each event is also a JDK Flight
 * Recorder event {@code devres4j.Linux} (category devres4j).
 *
 * <p><b>Lifetime:</b> values. <b>Order:</b> delivered in the order they happen on the bus's event thread
 * (or the thread that registered a driver, for its binds). <b>Concurrency:</b> immutable.
 */
public sealed interface LinuxEvent {

    /** @return a fixed word: {@code UEVENT}, {@code PLUG}, {@code SKIP}, {@code UNPLUG}, {@code RESYNC}, {@code ERROR}, or the driver model's verb */
    String verb();

    /** @return the device the event is about, or the empty string */
    String device();

    /**
     * A kernel event arrived from the source (or was synthesized by the coldplug enumeration).
     *
     * @param event the event
     */
    record Received(KernelEvent event) implements LinuxEvent {
        /** @param event the event, not null */
        public Received {
            Objects.requireNonNull(event, "Received: the event must not be null");
        }

        @Override
        public String verb() {
            return "UEVENT";
        }

        @Override
        public String device() {
            return event.action() == KernelEvent.Action.RESYNC ? "" : event.name();
        }
    }

    /**
     * A kernel device became a device on the bus (drivers are probed right after).
     *
     * @param device   its name
     * @param identity what tells it apart from an earlier device of the same name
     * @param origin   the event that brought it: netlink, scan or coldplug
     */
    record Plugged(String device, String identity, KernelEvent.Origin origin) implements LinuxEvent {
        @Override
        public String verb() {
            return "PLUG";
        }
    }

    /**
     * An event the bus did not apply.
     *
     * @param event  the event
     * @param reason why: {@code already enumerated}, {@code duplicate}, {@code unknown device}, {@code not a device event}
     */
    record Skipped(KernelEvent event, String reason) implements LinuxEvent {
        @Override
        public String verb() {
            return "SKIP";
        }

        @Override
        public String device() {
            return event.name();
        }
    }

    /**
     * A device left: its binding's gate was shut (every read in flight has finished, later reads are
     * refused); its driver's {@code remove()} and its devres list follow as driver-model events.
     *
     * @param device            its name
     * @param identity          its identity
     * @param reason            why: the kernel removed it, it was replaced, the bus closed ...
     * @param wasBound          whether a driver was bound (else there was no gate to shut)
     * @param receivedNanos     {@link System#nanoTime()} when the event that caused it reached user space
     * @param shutReturnedNanos {@link System#nanoTime()} when the gate's {@code shut()} returned
     */
    record Unplugged(String device, String identity, String reason, boolean wasBound, long receivedNanos,
                     long shutReturnedNanos) implements LinuxEvent {
        @Override
        public String verb() {
            return "UNPLUG";
        }

        /** @return nanoseconds from the event's arrival to the gate shut */
        public long latencyNanos() {
            return shutReturnedNanos - receivedNanos;
        }
    }

    /**
     * The bus compared its devices with sysfs after the source lost events (or at start).
     *
     * @param plugged   devices found that it did not have
     * @param unplugged devices it had that are gone or replaced
     */
    record Resynced(int plugged, int unplugged) implements LinuxEvent {
        @Override
        public String verb() {
            return "RESYNC";
        }

        @Override
        public String device() {
            return "";
        }
    }

    /**
     * A failure the bus reported instead of throwing: a driver's {@code remove()} or a devres action that
     * threw during an unplug, an event source that failed.
     *
     * @param device the device, or the empty string
     * @param what   what was being done
     * @param error  the failure
     */
    record Failed(String device, String what, Throwable error) implements LinuxEvent {
        @Override
        public String verb() {
            return "ERROR";
        }
    }

    /**
     * An event of the driver model beneath the bus: {@code BIND}, {@code UNBIND}, {@code PROBE-FAIL},
     * {@code DEVICE-ADD}, {@code DEVICE-DEL}, {@code DEVICE-FREE}, and the devres list's {@code ADD},
     * {@code REL}, {@code DEL}, {@code FAIL}.
     *
     * @param event the driver model's event (its owner is the device)
     */
    record Trace(TraceEvent event) implements LinuxEvent {
        @Override
        public String verb() {
            return event.verb();
        }

        @Override
        public String device() {
            return event.owner();
        }
    }
}
