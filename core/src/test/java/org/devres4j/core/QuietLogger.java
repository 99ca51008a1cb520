package org.devres4j.core;

/**
 * Silences one java.util.logging logger for the length of a test, so that the reports a test provokes
 * on purpose (leak reports, unplug warnings) do not fill the build log. Reflective, because the core
 * module — and so its patched-in tests — does not read java.logging; the default System.Logger backend
 * is java.util.logging, which is what is silenced here.
 */
final class QuietLogger implements AutoCloseable {
    private final Object logger;
    private final Object previous;

    private QuietLogger(String name) throws ReflectiveOperationException {
        Class<?> loggerClass = Class.forName("java.util.logging.Logger");
        Class<?> levelClass = Class.forName("java.util.logging.Level");
        this.logger = loggerClass.getMethod("getLogger", String.class).invoke(null, name);
        this.previous = loggerClass.getMethod("getLevel").invoke(logger);
        loggerClass.getMethod("setLevel", levelClass).invoke(logger, levelClass.getField("OFF").get(null));
    }

    /**
     * @param name the logger's name
     * @return restores the logger's level when closed
     */
    static QuietLogger silence(String name) {
        try {
            return new QuietLogger(name);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot silence logger " + name, e);
        }
    }

    @Override
    public void close() {
        try {
            Class<?> levelClass = Class.forName("java.util.logging.Level");
            logger.getClass().getMethod("setLevel", levelClass).invoke(logger, previous);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot restore a logger's level", e);
        }
    }
}
