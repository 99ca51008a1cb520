package org.devres4j.linux;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Silences loggers for the length of a test whose failures are expected (no stack traces in the build log). */
final class QuietLogs implements AutoCloseable {

    private final List<Logger> loggers = new ArrayList<>();
    private final List<Level> levels = new ArrayList<>();

    QuietLogs(String... names) {
        for (String n : names) {
            Logger l = Logger.getLogger(n);
            loggers.add(l);
            levels.add(l.getLevel());
            l.setLevel(Level.OFF);
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < loggers.size(); i++) {
            loggers.get(i).setLevel(levels.get(i));
        }
    }
}
