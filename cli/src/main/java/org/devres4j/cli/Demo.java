package org.devres4j.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.devres4j.core.Gate;
import org.devres4j.core.Group;
import org.devres4j.core.Handle;
import org.devres4j.core.LeakReport;
import org.devres4j.core.Managed;
import org.devres4j.core.ResourceList;
import org.devres4j.core.UseAfterReleaseException;

/**
 * The demo's story, told with the core alone: one owner ({@code card0}) registers actions, a value
 * and a group; drops one action; releases the group; a reader thread sits inside the hardware gate
 * while an unplug thread shuts it; the rest of the list is released newest first; a stale reference
 * is caught as a use-after-release; the leak report comes back empty.
 *
 * <p>Every step checks what happened instead of assuming it: {@link #run()} is true only if all
 * checks passed. Each check prints one {@code ok:} or {@code FAILED:} line.
 *
 * <p><b>Lifetime:</b> the owner, its list and its gate live for one {@code run()}. <b>Order:</b> the
 * output order is fixed — the two threads hand over through a latch and the gate's shut flag, so
 * their lines always come in the same order. <b>Concurrency:</b> both threads are joined with a
 * bound ({@link #WAIT}); a step that does not finish in time is a failed check, never a hang.
 */
final class Demo {

    /** The longest any step waits for another thread. */
    static final Duration WAIT = Duration.ofSeconds(10);

    /** How long the reader stays inside after it saw the gate shut, to show that shut() waits. */
    private static final long READER_LINGER_MS = 50;

    /** The demo's owner: a stand-in for a device. */
    record Card(String name) {
    }

    private final PrintWriter out;
    private final List<String> failures = new ArrayList<>();
    private int checks;

    /** Names of the release actions in the order they actually ran. */
    private final List<String> ran = Collections.synchronizedList(new ArrayList<>());

    Demo(PrintWriter out) {
        this.out = out;
    }

    /**
     * Tells the story.
     *
     * @return true if every check passed
     */
    boolean run() {
        say("devres4j demo: one owner's resources, a group, a hot-unplug gate and the LIFO release");
        say("(trace lines: ADD = registered, DEL = dropped without running, REL = released)");
        try {
            story();
        } catch (RuntimeException | Error e) {
            fail("the story stopped with an unexpected " + e);
            e.printStackTrace(out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("the demo was interrupted");
        }
        say("");
        if (failures.isEmpty()) {
            say("demo: all " + checks + " checks passed");
        } else {
            say("demo: " + failures.size() + " of " + checks + " checks FAILED:");
            failures.forEach(f -> say("  - " + f));
        }
        out.flush();
        return failures.isEmpty();
    }

    private void story() throws InterruptedException {
        Card card = new Card("card0");
        ResourceList<Card> list = ResourceList.create(card, card.name(), e -> say("  " + e));
        Gate gate = Gate.create(card.name() + "-hw");

        // 1 ---------------------------------------------------------------- registration
        step(1, card.name() + " registers its resources, oldest first");
        list.add("clock-enable", c -> ran.add("clock-enable"));
        list.add("mmio-unmap", c -> {
            ran.add("mmio-unmap");
            check(gate.isShut() && gate.inside() == 0,
                    "mmio-unmap ran with the gate shut and no reader inside",
                    "mmio-unmap ran while the gate was " + gate);
        });
        Managed<int[]> framebuffer = list.alloc("framebuffer", () -> new int[64 * 48], fb -> ran.add("framebuffer"));
        Group extras = list.openGroup("extras");
        list.add("debugfs-dir", c -> ran.add("debugfs-dir"));
        list.add("sysfs-attrs", c -> ran.add("sysfs-attrs"));
        extras.close();
        list.add("irq-handler", c -> ran.add("irq-handler"));
        Handle quirk = list.add("temp-quirk", c -> ran.add("temp-quirk"));
        check(list.size() == 7, "7 resources registered", "expected 7 resources, the list holds " + list.size());

        // 2 ---------------------------------------------------------------- remove (DEL)
        step(2, card.name() + " drops temp-quirk without running it");
        list.remove(quirk);
        check(!ran.contains("temp-quirk") && !list.contains(quirk),
                "temp-quirk is gone and never ran",
                "temp-quirk ran=" + ran.contains("temp-quirk") + ", still listed=" + list.contains(quirk));

        // 3 ---------------------------------------------------------------- group release
        step(3, card.name() + " releases the group 'extras': its resources go newest first, the rest stays");
        int inGroup = list.releaseGroup("extras");
        expectOrder("the group", List.of("sysfs-attrs", "debugfs-dir"));
        check(inGroup == 2 && list.size() == 4,
                "the group released 2 resources; 4 are left",
                "the group released " + inGroup + " resources and " + list.size() + " are left (expected 2 and 4)");
        ran.clear();

        // 4 ---------------------------------------------------------------- the gate
        step(4, "hot-unplug: a reader is inside gate '" + gate.name() + "' while another thread shuts it");
        unplugWhileReading(gate);

        // 5 ---------------------------------------------------------------- LIFO release
        step(5, "the unplug releases the rest of " + card.name() + "'s list, newest first");
        int rest = list.releaseAll("unplug");
        expectOrder("releaseAll", List.of("irq-handler", "framebuffer", "mmio-unmap", "clock-enable"));
        check(rest == 4 && list.isEmpty(), "4 resources released, the list is empty",
                "releaseAll released " + rest + " and left " + list.size());

        // 6 ---------------------------------------------------------------- use-after-release
        step(6, "a stale reference reads the framebuffer after the release");
        try {
            int[] pixels = framebuffer.get();
            fail("framebuffer.get() after the release returned " + pixels.length + " pixels instead of throwing");
        } catch (UseAfterReleaseException e) {
            say("  caught UseAfterReleaseException:");
            for (String line : e.getMessage().split("\n")) {
                say("    " + line);
            }
            check(e.getMessage().contains("use-after-release of 'framebuffer'") && e.getMessage().contains("card0"),
                    "the report names the value and its owner",
                    "the report does not name 'framebuffer' and 'card0': " + e.getMessage());
        }

        // 7 ---------------------------------------------------------------- leak report
        step(7, "leak report of " + card.name());
        LeakReport report = list.leakReport();
        say("  " + report);
        check(report.isEmpty(), "nothing leaked", "the owner still holds resources");
    }

    /**
     * A reader enters the gate and stays inside until it sees the gate shut; the unplug thread shuts
     * the gate meanwhile. Checks that shut() returned only after the reader exited, and that a later
     * tryEnter is refused.
     */
    private void unplugWhileReading(Gate gate) throws InterruptedException {
        CountDownLatch inside = new CountDownLatch(1);
        AtomicBoolean readerEntered = new AtomicBoolean();
        AtomicBoolean readerSawShut = new AtomicBoolean();
        AtomicBoolean readerExited = new AtomicBoolean();
        AtomicBoolean shutDrained = new AtomicBoolean();
        AtomicBoolean exitedBeforeShutReturned = new AtomicBoolean();
        AtomicLong shutMillis = new AtomicLong(-1);

        Thread reader = new Thread(() -> {
            try (Gate.Section section = gate.enter()) {
                if (!section.entered()) {
                    say("  reader: refused at the gate");
                    return;
                }
                readerEntered.set(true);
                say("  reader: entered a section of '" + gate.name() + "' and is touching the hardware");
                inside.countDown();
                readerSawShut.set(awaitShut(gate));
                sleepQuietly(READER_LINGER_MS);
                say("  reader: sees the gate shut, finishes its access and exits the section");
                readerExited.set(true); // before close(): shut() cannot return before this
            } finally {
                inside.countDown();
            }
        }, "demo-reader");
        Thread unplug = new Thread(() -> {
            try {
                if (!inside.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            say("  unplug: shut() called with " + gate.inside() + " reader inside");
            long start = System.nanoTime();
            shutDrained.set(gate.shut(WAIT));
            shutMillis.set(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            exitedBeforeShutReturned.set(readerExited.get());
            say("  unplug: shut() returned after " + shutMillis.get() + " ms");
        }, "demo-unplug");
        reader.setDaemon(true);
        unplug.setDaemon(true);
        reader.start();
        unplug.start();
        reader.join(WAIT.toMillis() * 2);
        unplug.join(WAIT.toMillis() * 2);

        check(!reader.isAlive() && !unplug.isAlive(), "both threads finished",
                "a demo thread is still running after " + WAIT.multipliedBy(2));
        check(readerEntered.get(), "the reader entered while the gate was open", "the reader was refused");
        check(readerSawShut.get(), "the reader saw the gate shut while it was still inside",
                "the reader never saw the gate shut");
        check(shutDrained.get() && exitedBeforeShutReturned.get(),
                "shut waited for the reader: it returned only after the reader exited",
                "shut() returned (drained=" + shutDrained.get() + ") before the reader exited");
        int token = gate.tryEnter();
        if (token != Gate.REFUSED) {
            gate.exit(token);
        }
        say("  later:  tryEnter on the shut gate " + (token == Gate.REFUSED ? "is refused" : "was let in"));
        check(token == Gate.REFUSED && gate.inside() == 0,
                "a later tryEnter is refused and no one is inside",
                "a later tryEnter returned " + token + " with " + gate.inside() + " inside");
    }

    /** Waits, with a bound, until the gate is shut. */
    private static boolean awaitShut(Gate gate) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!gate.isShut()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            sleepQuietly(1);
        }
        return true;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void expectOrder(String what, List<String> expected) {
        List<String> actual;
        synchronized (ran) {
            actual = List.copyOf(ran);
        }
        check(actual.equals(expected),
                what + " ran newest first: " + String.join(", ", actual),
                what + " ran " + actual + ", expected " + expected);
    }

    private void step(int n, String title) {
        say("");
        say(n + ". " + title);
    }

    private void check(boolean passed, String okText, String failText) {
        synchronized (this) {
            checks++;
            if (!passed) {
                failures.add(failText);
            }
        }
        say(passed ? "  ok: " + okText : "  FAILED: " + failText);
    }

    private void fail(String text) {
        check(false, "", text);
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }
}
