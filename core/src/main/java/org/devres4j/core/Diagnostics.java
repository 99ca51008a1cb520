package org.devres4j.core;

/**
 * The debug switches. Off by default because they cost: capturing a stack at every add takes
 * microseconds.
 *
 * <p><b>Lifetime:</b> process-wide. Turn on with {@code -Ddevres4j.debug=true} or
 * {@link #setCaptureStacks(boolean)}. <b>Order:</b> resources added after the switch carry stacks.
 * <b>Concurrency:</b> a volatile flag; safe from any thread.
 */
public final class Diagnostics {

    private static volatile boolean captureStacks = Boolean.getBoolean("devres4j.debug");

    private Diagnostics() {
    }

    /** @return whether adds and releases record their stack for reports */
    public static boolean captureStacks() {
        return captureStacks;
    }

    /**
     * Turns stack capture on or off.
     *
     * @param on the new setting
     */
    public static void setCaptureStacks(boolean on) {
        captureStacks = on;
    }

    /** @return the caller's stack, outside devres4j's own frames, one frame a line */
    static String stackHere() {
        StringBuilder sb = new StringBuilder();
        for (StackTraceElement e : new Throwable().getStackTrace()) {
            if (e.getClassName().startsWith("org.devres4j.core.")) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append("at ").append(e);
            if (sb.length() > 2000) {
                break;
            }
        }
        return sb.toString();
    }
}
