package org.devres4j.cli;

import java.io.PrintWriter;
import java.util.function.LongSupplier;
import org.devres4j.sim.FuzzProgress;

/**
 * A one-line progress bar for {@code fuzz}, redrawn in place with a carriage return, with the
 * estimated time left: {@code fuzz [#########.....................]  30% 3000/10000 steps, ETA 12s}.
 *
 * <p><b>Lifetime:</b> one per run; {@link #finish()} ends the line. <b>Order:</b> redrawn only when
 * the percentage changes. <b>Concurrency:</b> called on the fuzzing thread only.
 */
final class ProgressBar implements FuzzProgress {

    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final LongSupplier nanoClock;
    private final long start;
    private int lastPercent = -1;

    /**
     * @param err       where to draw
     * @param nanoClock the clock the ETA is measured with ({@code System::nanoTime})
     */
    ProgressBar(PrintWriter err, LongSupplier nanoClock) {
        this.err = err;
        this.nanoClock = nanoClock;
        this.start = nanoClock.getAsLong();
    }

    @Override
    public void onProgress(int done, int total) {
        int percent = total <= 0 ? 100 : (int) (100L * done / total);
        if (percent == lastPercent) {
            return;
        }
        lastPercent = percent;
        int filled = percent * WIDTH / 100;
        err.print("\rfuzz [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] "
                + String.format("%3d%% %d/%d steps, ETA %s", percent, done, total, eta(done, total)));
        err.flush();
    }

    /** @return the time left at the rate so far, e.g. {@code 12s}, {@code 3m05s}; {@code ?} before any step */
    String eta(int done, int total) {
        if (done <= 0) {
            return "?";
        }
        long elapsed = nanoClock.getAsLong() - start;
        long left = (long) ((double) elapsed / done * (total - done) / 1_000_000_000L);
        return left >= 60 ? String.format("%dm%02ds", left / 60, left % 60) : left + "s";
    }

    /** Ends the bar's line, if one was drawn. */
    void finish() {
        if (lastPercent >= 0) {
            err.println();
            err.flush();
        }
    }

    /**
     * Whether to draw a bar: as asked, or else for a long run on a terminal only ({@link System#console()}),
     * so redirected output and CI logs get no carriage returns.
     *
     * @param asked       {@code --progress} / {@code --no-progress}, or null
     * @param steps       the run's steps
     * @param onTerminal  whether the command runs on a terminal
     * @return whether to draw one
     */
    static boolean wanted(Boolean asked, int steps, boolean onTerminal) {
        return asked != null ? asked : onTerminal && steps >= FuzzCommand.AUTO_PROGRESS_STEPS;
    }
}
