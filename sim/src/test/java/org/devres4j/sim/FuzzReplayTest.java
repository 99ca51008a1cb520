package org.devres4j.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.devres4j.drivers.vgpu.VgpuBug;
import org.junit.jupiter.api.Test;

/**
 * A failing fuzz run names every option that shaped it in its replay line, and numbers its failing
 * step the way the event log and the reports do. Seed: {@code -Ddevres4j.seed=N} replaces the default.
 */
class FuzzReplayTest {

    private static final long SEED = Long.getLong("devres4j.seed", 2);

    @Test
    void theReplayCommandNamesEveryOptionThatChangesTheRun() {
        assertThat(new FuzzOptions(42, 297, 3, 4, false).replayCommand())
                .isEqualTo("devres4j fuzz --seed 42 --steps 297 --devices 3 --processes 4");
        assertThat(FuzzOptions.of(7, 10).planting(VgpuBug.DRMM_MMIO_MAPPING).replayCommand())
                .isEqualTo("devres4j fuzz --seed 7 --steps 10 --devices 2 --processes 3 --planted-bug drmm-mmio");
    }

    @Test
    void aFailurePrintsTheFullReplayLineAndOneStepNumbering() {
        System.out.println("FuzzReplayTest seed " + SEED);
        FuzzOptions o = new FuzzOptions(SEED, 400, 1, 2, true);
        FuzzResult r = Fuzzer.run(o, FuzzProgress.NONE);
        assertThat(r.passed()).as("seed " + SEED + ": the planted bug was not found").isFalse();
        assertThat(r.options()).isEqualTo(o);
        assertThat(r.toText()).as("seed " + SEED).contains("replay: " + o.replayCommand() + "\n");
        assertThat(r.toJson()).as("seed " + SEED).contains("\"replay\":\"" + o.replayCommand() + "\"");

        // the failing step is the step the reports and the event log name
        assertThat(r.setupSteps()).isEqualTo(3);   // load, p0, p1
        assertThat(r.failingStep()).as("seed " + SEED).isEqualTo(r.setupSteps() + r.stepsRun());
        assertThat(r.reports().get(0).step()).as("seed " + SEED).isEqualTo(r.failingStep());
        assertThat(r.reports().get(0).toText()).as("seed " + SEED).contains("(step " + r.failingStep());
        String last = r.script().strip().lines().reduce((x, y) -> y).orElseThrow();
        assertThat(r.events()).as("seed " + SEED + ": the log's step " + r.failingStep() + " is the last random step")
                .contains(String.format("%4d  > %s", r.failingStep(), last));
        assertThat(r.toText()).as("seed " + SEED).contains("fuzz: FAIL, seed " + SEED + ", at step " + r.failingStep()
                + " (3 setup steps, then random step " + r.stepsRun() + " of 400)");
    }
}
