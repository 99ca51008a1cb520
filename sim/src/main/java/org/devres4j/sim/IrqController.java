package org.devres4j.sim;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Interrupt lines: a plugged device gets the lowest free line, an unplugged one gives it back, and a
 * later device may get the same number. A handler requested on a line stays until freed; firing a
 * line runs the handler of whoever requested it — a stale handler of an unplugged device is a bug the
 * sanitizer sees. Single-threaded.
 */
final class IrqController {

    /** The first line handed out. */
    static final int FIRST = 32;

    /** One assignment of a line to a device. */
    static final class Line {
        final int number;
        final String owner;
        boolean freed;
        Runnable handler;
        String handlerOwner;

        Line(int number, String owner) {
            this.number = number;
            this.owner = owner;
        }

        @Override
        public String toString() {
            return "irq " + number;
        }
    }

    private final Map<Integer, Line> live = new TreeMap<>();

    Line allocate(String owner) {
        int n = FIRST;
        while (live.containsKey(n)) {
            n++;
        }
        Line line = new Line(n, owner);
        live.put(n, line);
        return line;
    }

    void free(Line line) {
        if (line.freed || live.get(line.number) != line) {
            throw new IllegalStateException("irq controller: " + line + " of '" + line.owner
                    + "' was already freed");
        }
        live.remove(line.number);
        line.freed = true;
    }

    Optional<Line> line(int number) {
        return Optional.ofNullable(live.get(number));
    }

    int liveCount() {
        return live.size();
    }
}
