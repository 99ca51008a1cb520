package org.devres4j.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * DESIGN.md invariant 12: memory is bounded by what is alive, not by how long a run is. A fuzz run of
 * {@value #STEPS} steps — whose full event log alone would take well over a hundred megabytes (about
 * ten events of a hundred-odd bytes per step) — runs in a JVM of its own limited to {@value #HEAP}
 * of heap, and must finish; and a run's own structures hold no more than their windows.
 */
class BoundedMemoryTest {

    static final int STEPS = 120_000;
    static final String HEAP = "24m";
    private static final long SEED = Long.getLong("devres4j.seed", 5);

    @Test
    void aLongFuzzRunFinishesInASmallFixedHeap() throws Exception {
        System.out.println("BoundedMemoryTest seed " + SEED);
        String cp = Stream.of(System.getProperty("jdk.module.path"), System.getProperty("java.class.path"))
                .filter(Objects::nonNull).filter(s -> !s.isBlank()).collect(Collectors.joining(File.pathSeparator));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xmx" + HEAP, "-XX:+UseSerialGC", "-cp", cp,
                FuzzInASmallHeap.class.getName(), String.valueOf(SEED), String.valueOf(STEPS))
                .redirectErrorStream(true).start();
        boolean done = p.waitFor(10, TimeUnit.MINUTES);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            p.destroyForcibly();
        }
        assertThat(done).as("the run did not finish in 10 minutes:\n" + out).isTrue();
        assertThat(p.exitValue()).as("seed " + SEED + ", " + STEPS + " steps in -Xmx" + HEAP + ":\n" + out).isZero();
        assertThat(out).contains("steps " + STEPS + ", passed true", "script kept false");
    }

    @Test
    void theBenchmarkHooksMeasureARun() {
        FuzzFootprint small = Fuzzer.footprint(FuzzOptions.of(SEED, 500));
        FuzzFootprint big = Fuzzer.footprint(FuzzOptions.of(SEED, 1_500));
        assertThat(big.steps()).isEqualTo(1_500);
        assertThat(big.retainedBytes()).isPositive();
        assertThat(big.eventsKept()).isLessThanOrEqualTo(Fuzzer.HEAD_EVENTS + Fuzzer.TAIL_EVENTS);
        assertThat(big.stepsPerSecond()).isPositive();
        assertThat(big.retainedBytesPerStep(small)).isFinite();
        if (big.allocatedBytes() >= 0) {
            assertThat(big.allocatedBytesPerStep()).as("a step allocates").isPositive();
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> small.retainedBytesPerStep(big))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("retainedBytesPerStep: 1500 steps is not fewer than 500");
        FuzzResult r = Fuzzer.run(FuzzOptions.of(SEED, 300), FuzzProgress.NONE);
        assertThat(r.stepsPerSecond()).isPositive();
        assertThat(r.allocatedBytesPerStep()).isNotZero();
    }

    @Test
    void aRunKeepsOnlyItsWindowOfEventsAndItsLiveResources() {
        FuzzResult r = Fuzzer.run(FuzzOptions.of(SEED, 4_000), FuzzProgress.NONE);
        assertThat(r.passed()).as(r.toText()).isTrue();
        assertThat(r.events()).hasSize(Fuzzer.HEAD_EVENTS + Fuzzer.TAIL_EVENTS);
        assertThat(r.eventsDropped()).as("a 4000-step run makes more events than the window").isPositive();
        assertThat(r.events().get(0).verb()).as("the head keeps the run's start").isEqualTo("FUZZ");
        assertThat(r.events().get(r.events().size() - 1).verb()).as("the tail keeps its end").isEqualTo(LeakCheck.VERB);

        Lifetimes index = new Lifetimes();
        for (int i = 1; i <= 3 * Lifetimes.RELEASED_KEPT; i++) {
            index.added(Event.OwnerKind.DEVICE, "dev", i, "<" + i + ">", "step " + i);
            index.ended("dev", i, true, "step " + i, "");
        }
        assertThat(index.liveCount()).isZero();
        assertThat(index.find("<1>", "dev", true)).as("the oldest releases are forgotten").isNull();
        assertThat(index.find("<" + 3 * Lifetimes.RELEASED_KEPT + ">", "dev", true).released).startsWith("released at step");
        List<Event> window = r.events();
        assertThat(window.stream().filter(Event::isStepStart).count()).isLessThan(Fuzzer.TAIL_EVENTS);
    }
}
