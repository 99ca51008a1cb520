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

    /**
     * The classes whose frames sit between a caller and {@link #stackHere()}. Only a leading run of
     * these is dropped: matching by package would also drop callers that live in this package (tests,
     * and anything else in org.devres4j.core), leaving a report without the frame that matters.
     */
    private static final java.util.Set<Class<?>> OWN_FRAMES = java.util.Set.of(Diagnostics.class,
            LinkedResourceList.class, ManagedNode.class, BufferNode.class, GroupImpl.class, ResourceList.class,
            Group.class, Node.class, Lookups.class, GroupOps.class, ManagedResources.class, Chain.class, ReleaseWalk.class,
            UndoingAdds.class);

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    /** @return the caller's stack, without devres4j's own leading frames, one frame a line */
    static String stackHere() {
        return WALKER.walk(frames -> {
            StringBuilder sb = new StringBuilder();
            frames.dropWhile(f -> OWN_FRAMES.contains(f.getDeclaringClass().getNestHost())).takeWhile(f -> sb.length() <= 2000)
                    .forEach(f -> {
                        if (sb.length() > 0) {
                            sb.append('\n');
                        }
                        sb.append("at ").append(f.toStackTraceElement());
                    });
            return sb.toString();
        });
    }
}
