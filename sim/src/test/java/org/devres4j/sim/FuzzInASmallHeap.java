package org.devres4j.sim;

/**
 * The program {@link BoundedMemoryTest} runs in a JVM of its own with a small fixed heap: one fuzz run
 * of the fixed vgpu driver. Exit code 0 if it passed, 1 if an invariant broke, 3 if it ran out of
 * memory (the heap could not hold what the run kept).
 */
final class FuzzInASmallHeap {

    private FuzzInASmallHeap() {
    }

    /**
     * @param args the seed and the step count
     */
    public static void main(String[] args) {
        try {
            FuzzResult r = Fuzzer.run(FuzzOptions.of(Long.parseLong(args[0]), Integer.parseInt(args[1])), FuzzProgress.NONE);
            System.out.println("steps " + r.stepsRun() + ", passed " + r.passed() + ", events kept " + r.events().size()
                    + ", dropped " + r.eventsDropped() + ", script kept " + (r.script() != null));
            System.exit(r.passed() ? 0 : 1);
        } catch (OutOfMemoryError e) {
            System.out.println("out of memory: " + e.getMessage());
            System.exit(3);
        }
    }
}
