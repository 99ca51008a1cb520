package org.devres4j.bench;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import org.devres4j.core.Diagnostics;
import org.devres4j.core.Release;
import org.devres4j.core.ResourceList;
import org.openjdk.jol.info.GraphLayout;

/**
 * Bytes retained per tracked action, measured with JOL: the retained graph of a list holding N
 * registrations of one shared action, minus that of an empty list, divided by N. The same for an
 * {@link ArrayDeque} of actions, the unsynchronized baseline, and for a confined list holding N handle-less
 * actions ({@code addAction}: chunks of slots). The shared action is a root of both
 * graphs, empty and full, so it cancels out: the figure is what each registration adds.
 *
 * <p>JOL counts bytes, so the figure has no noise and is measured once per run.
 *
 * <p>Usage: {@code Footprint --out DIR}; writes {@code DIR/footprint.tsv} ({@link Samples}).
 */
public final class Footprint {

    static final int N = 10_000;
    static final int N_DEBUG = 1_000;

    private Footprint() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(new Args("Footprint", args, List.of(), List.of("--out")).required("--out"));
        // A confined list refers to its owner thread, whose graph holds hidden (lambda) classes: JOL reads their
        // field offsets only this way (see coreBytesPerAction for why that graph is not counted).
        System.setProperty("jol.magicFieldOffset", "true");
        Release<Object> shared = Release.named("shared", owner -> { });
        Object owner = new Object();

        double list = perAction(listOf(owner, shared, 0), listOf(owner, shared, N), shared, N);
        double deque = perAction(dequeOf(shared, 0), dequeOf(shared, N), shared, N);
        double addAction = coreBytesPerAction(confinedOf(owner, shared, 0), confinedOf(owner, shared, N), shared, N);

        Diagnostics.setCaptureStacks(true);
        double debug;
        try {
            debug = perAction(listOf(owner, shared, 0), listOf(owner, shared, N_DEBUG), shared, N_DEBUG);
        } finally {
            Diagnostics.setCaptureStacks(false);
        }

        Samples samples = new Samples();
        samples.put("footprint", "list", 1, "B", list);
        samples.put("footprint", "arrayDeque", 1, "B", deque);
        samples.put("footprint", "listDebug", 1, "B", debug);
        samples.put("footprint", "confinedAddAction", 1, "B", addAction);
        System.out.printf("bytes per tracked action (%d actions, one shared action):%n", N);
        System.out.printf("  ResourceList            %8.2f B%n", list);
        System.out.printf("  confined, addAction     %8.2f B%n", addAction);
        System.out.printf("  ArrayDeque              %8.2f B%n", deque);
        System.out.printf("  ResourceList, debug mode %7.2f B (%d actions, stacks captured)%n", debug, N_DEBUG);
        samples.write(out, "footprint", "bytes retained per tracked action (JOL GraphLayout), " + N + " actions ("
                + N_DEBUG + " in debug mode), one shared action; Java " + System.getProperty("java.version"));
    }

    private static ResourceList<Object> listOf(Object owner, Release<Object> action, int n) {
        ResourceList<Object> list = ResourceList.create(owner, "jol");
        for (int i = 0; i < n; i++) {
            list.add(action);
        }
        return list;
    }

    /** A list confined to this thread holding n handle-less actions: chunks of slots, not a node each. */
    private static ResourceList<Object> confinedOf(Object owner, Release<Object> action, int n) {
        ResourceList<Object> list = ResourceList.confined(owner, "jol-confined");
        for (int i = 0; i < n; i++) {
            list.addAction(action);
        }
        return list;
    }

    private static ArrayDeque<Release<Object>> dequeOf(Release<Object> action, int n) {
        ArrayDeque<Release<Object>> deque = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            deque.push(action);
        }
        return deque;
    }

    /**
     * {@link #perAction} counting only the library's own objects (classes of org.devres4j.core and arrays of
     * them). A confined list refers to its owner thread, and so to the thread's whole graph (class loader,
     * thread group, ...), which changes between the two walks by more than the figure measured; the list's
     * storage is made of core classes only, and the JDK objects reached through the thread are not part of it.
     */
    private static double coreBytesPerAction(Object empty, Object full, Object shared, int n) {
        return (double) (coreBytes(GraphLayout.parseInstance(full, shared)) - coreBytes(GraphLayout.parseInstance(empty, shared))) / n;
    }

    private static long coreBytes(GraphLayout layout) {
        long bytes = 0;
        for (Class<?> c : layout.getClasses()) {
            if (c.getName().contains("org.devres4j.core.")) { // also matches [Lorg.devres4j.core.Release;
                bytes += layout.getClassSizes().count(c);
            }
        }
        return bytes;
    }

    private static double perAction(Object empty, Object full, Object shared, int n) {
        long emptyBytes = GraphLayout.parseInstance(empty, shared).totalSize();
        long fullBytes = GraphLayout.parseInstance(full, shared).totalSize();
        return (double) (fullBytes - emptyBytes) / n;
    }

}
