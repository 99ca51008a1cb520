package org.devres4j.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The demo: three parts, each with a heading, a trace and checks.
 * <ol>
 *   <li>the driver model ({@link DriverModelStory}): probe, devres, unbind, rebind, a faux device;</li>
 *   <li>vgpu's hot-unplug story ({@link VgpuStory}): a file open across the unplug, a new instance on
 *       the same parent, the old drmm list released at the last close;</li>
 *   <li>the simulator's built-in scenarios side by side, buggy and fixed ({@link org.devres4j.sim.Demo}).</li>
 * </ol>
 * {@link #run()} is true only if every check of every part passed (part 3 counts as one check: every
 * buggy scenario caught, every fixed one clean).
 *
 * <p>Every part runs in the simulator: parts 1 and 2 are scenarios written step by step ({@link Story})
 * and checked from the run's typed events; the command line never calls the kernel model itself.
 *
 * <p><b>Lifetime:</b> each part builds its own simulated world and tears it down.
 * <b>Order:</b> parts 1, 2, 3; a part that throws is a failed check and the next part still runs.
 * <b>Concurrency:</b> runs on the calling thread.
 */
final class Demo {

    private final PrintWriter out;
    private final Checks checks;

    Demo(PrintWriter out) {
        this.out = out;
        this.checks = new Checks(out);
    }

    /** @return true if every check passed */
    boolean run() {
        checks.say("devres4j demo: the driver model, vgpu's hot-unplug story, and every lifetime bug of the seeds");
        checks.say("(trace: BIND/UNBIND = binding, ADD = registered, REL = released; ok:/FAILED: = checks)");

        heading("Part 1. The driver model: probe, devres, unbind (remove, then LIFO), rebind, a faux device");
        part(() -> new DriverModelStory(checks).run(), "part 1");

        heading("Part 2. vgpu's hot-unplug story: the file outlives the hardware's binding");
        part(() -> new VgpuStory(checks).run(), "part 2");

        heading("Part 3. The simulator: each bug of the seeds, buggy and fixed, under the sanitizer");
        part(this::scenarios, "part 3");

        checks.say("");
        if (checks.failures().isEmpty()) {
            checks.say("demo: all " + checks.count() + " checks passed");
        } else {
            checks.say("demo: " + checks.failures().size() + " of " + checks.count() + " checks FAILED:");
            checks.failures().forEach(f -> checks.say("  - " + f));
        }
        out.flush();
        return checks.failures().isEmpty();
    }

    /** Runs the simulator's side-by-side demo, printed through our writer. */
    private void scenarios() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        boolean pass;
        try (PrintStream ps = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            pass = org.devres4j.sim.Demo.table(ps);
        }
        for (String line : buffer.toString(StandardCharsets.UTF_8).stripTrailing().split("\n", -1)) {
            checks.say(line.isEmpty() ? "" : "  " + line);
        }
        checks.check(pass, "every buggy scenario was caught and every fixed one ran clean",
                "the simulator's demo failed (see the table above)");
    }

    private interface Part {
        void run();
    }

    private void part(Part part, String name) {
        try {
            part.run();
        } catch (RuntimeException e) {
            checks.fail(name + " stopped with an unexpected " + Main.oneLine(e));
        }
    }

    private void heading(String title) {
        checks.say("");
        checks.say("== " + title);
    }
}
