package org.devres4j.linux;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one parser of the kernel's uevent text, for both forms it comes in: a netlink message
 * ({@code action@devpath\0KEY=VALUE\0...}) and a device's {@code uevent} file ({@code KEY=VALUE} lines).
 *
 * <p><b>Lifetime, order, concurrency:</b> stateless; safe from any thread.
 */
final class Uevents {

    private Uevents() {
    }

    /**
     * Parses one message of a {@code NETLINK_KOBJECT_UEVENT} socket.
     *
     * @param buf           the bytes received
     * @param length        how many of them
     * @param subsystem     only events of this subsystem are returned
     * @param receivedNanos when it was received
     * @return the event, or null for a message of another subsystem or one that is not a kernel uevent
     *         (no {@code @} header, no {@code ACTION}, {@code DEVPATH} or {@code SUBSYSTEM})
     */
    static KernelEvent parseMessage(byte[] buf, int length, String subsystem, long receivedNanos) {
        String text = new String(buf, 0, length, StandardCharsets.UTF_8);
        int headerEnd = text.indexOf('\0');
        String header = headerEnd < 0 ? text : text.substring(0, headerEnd);
        if (header.indexOf('@') <= 0) {
            return null; // libudev's re-broadcasts start with "libudev"; the kernel's with action@devpath
        }
        Map<String, String> props = parseLines(headerEnd < 0 ? "" : text.substring(headerEnd + 1), '\0');
        String action = props.get("ACTION");
        String devpath = props.get("DEVPATH");
        String sub = props.get("SUBSYSTEM");
        if (action == null || devpath == null || !subsystem.equals(sub)) {
            return null;
        }
        long seq = KernelEvent.NO_SEQNUM;
        String s = props.get("SEQNUM");
        if (s != null) {
            try {
                seq = Long.parseLong(s);
            } catch (NumberFormatException e) {
                return null; // not a message the kernel wrote
            }
        }
        return new KernelEvent(KernelEvent.Action.parse(action), devpath, sub, seq, props,
                KernelEvent.Origin.NETLINK, receivedNanos);
    }

    /**
     * Parses {@code KEY=VALUE} entries separated by {@code separator}; entries without {@code =} are skipped.
     *
     * @param text      the text
     * @param separator {@code '\n'} for a uevent file, {@code '\0'} for a netlink message
     * @return the properties in their order
     */
    static Map<String, String> parseLines(String text, char separator) {
        Map<String, String> props = new LinkedHashMap<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf(separator, start);
            if (end < 0) {
                end = text.length();
            }
            int eq = text.indexOf('=', start);
            if (eq > start && eq < end) {
                props.put(text.substring(start, eq), text.substring(eq + 1, end));
            }
            start = end + 1;
        }
        return props;
    }
}
