package org.devres4j.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what one logger of the model logs for the length of a test, so that a test whose behaviour is
 * a warning asserts it — and the warning is not printed into the build log. While open, the logger takes
 * every level and hands its records only to this capture (not to the console); closing restores both.
 * The model logs through System.Logger, whose default backend is java.util.logging: the records here are
 * the ones it produced. Public for the drm tests of this module.
 */
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final Level level;
    private final boolean useParentHandlers;
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (records) {
                records.add(r);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogCapture(String name) {
        this.logger = Logger.getLogger(name);
        this.level = logger.getLevel();
        this.useParentHandlers = logger.getUseParentHandlers();
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.ALL);
    }

    /**
     * @param loggerName the logger's name, e.g. {@code org.devres4j.driver}
     * @return a capture of everything it logs until closed
     */
    public static LogCapture of(String loggerName) {
        return new LogCapture(loggerName);
    }

    /**
     * @param atLeast the lowest level wanted
     * @return the records captured so far at that level or above, in order
     */
    public List<LogRecord> records(Level atLeast) {
        synchronized (records) {
            return records.stream().filter(r -> r.getLevel().intValue() >= atLeast.intValue()).toList();
        }
    }

    /** @return the warnings captured so far (WARNING and above), in order */
    public List<LogRecord> warnings() {
        return records(Level.WARNING);
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setUseParentHandlers(useParentHandlers);
        logger.setLevel(level);
    }
}
