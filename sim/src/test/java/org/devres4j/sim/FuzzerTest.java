package org.devres4j.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.devres4j.drivers.vgpu.VgpuBug;

import org.junit.jupiter.api.Test;

/**
 * Bounded fuzz runs. Seeds are printed; {@code -Ddevres4j.seed=N} replays one seed instead of the
 * default ones.
 */
class FuzzerTest {

    private static List<Long> seeds(long... defaults) {
        String s = System.getProperty("devres4j.seed");
        List<Long> out = new ArrayList<>();
        if (s != null && !s.isBlank()) {
            out.add(Long.parseLong(s.trim()));
        } else {
            for (long d : defaults) {
                out.add(d);
            }
        }
        return out;
    }

    @Test
    void correctDriverSurvivesBoundedRunsWithNothingLeaked() {
        int total = 0;
        for (long seed : seeds(11, 12, 13)) {
            System.out.println("FuzzerTest correct driver: seed " + seed);
            FuzzResult r = Fuzzer.run(new FuzzOptions(seed, 700, 2, 3, false), FuzzProgress.NONE);
            assertThat(r.failure()).as("seed " + seed + "\n" + r.toText()).isNull();
            assertThat(r.reports()).as("seed " + seed).isEmpty();
            assertThat(r.stepsRun()).as("seed " + seed).isEqualTo(700);
            assertThat(r.shrunkScript()).as("seed " + seed).isNull();
            assertThat(r.events()).as("seed " + seed).noneMatch(e -> e.verb().equals(Event.SANITIZER))
                    .noneMatch(e -> e.verb().equals("INVARIANT"))
                    .anyMatch(e -> e.verb().equals(LeakCheck.VERB) && e.name().equals(LeakCheck.NOTHING_LEFT));
            assertThat(r.events()).as("seed " + seed)
                    .anyMatch(e -> e.isStepStart() && e.name().startsWith("unplug "))
                    .anyMatch(e -> e.isStepStart() && e.name().startsWith("unbind "))
                    .anyMatch(e -> e.verb().equals("IOCTL") && e.owner().kind() == Event.OwnerKind.PROCESS);
            total += r.stepsRun();
        }
        assertThat(total).isGreaterThanOrEqualTo(700);
    }

    @Test
    void plantedBugIsFoundAndItsShrunkScriptReproducesIt() {
        for (long seed : seeds(1, 2, 3)) {
            System.out.println("FuzzerTest planted bug: seed " + seed);
            FuzzResult r = Fuzzer.run(new FuzzOptions(seed, 1500, 2, 3, true), FuzzProgress.NONE);
            assertThat(r.passed()).as("seed " + seed + ": the planted bug was not found in 1500 steps").isFalse();
            assertThat(r.failure()).as("seed " + seed).contains("use-after-release").contains("vgpu connector state");
            assertThat(r.failingStep()).as("seed " + seed).isPositive().isEqualTo(r.setupSteps() + r.stepsRun());
            assertThat(r.shrunkSteps()).as("seed " + seed + "\n" + r.shrunkScript()).isLessThanOrEqualTo(12)
                    .isLessThan(r.failingStep() + 4);
            Scenario shrunk = ScenarioScript.parse(r.shrunkScript(), "shrunk");
            assertThat(shrunk.seed()).isEqualTo(seed);
            RunResult replay = ScenarioRunner.run(shrunk, RunOptions.defaults());
            assertThat(replay.outcome()).as("seed " + seed + "\n" + replay.toText()).isEqualTo(Outcome.REPORTS);
            assertThat(replay.failedExpectations()).as("seed " + seed).isEmpty();
            assertThat(replay.has(ReportKind.USE_AFTER_RELEASE)).as("seed " + seed).isTrue();
            assertThat(r.toText()).contains("fuzz: FAIL, seed " + seed).contains("replay: devres4j fuzz --seed " + seed);
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "drmm-sysfs, eexist",
        "drmm-mmio, unguarded-access",     // its teardown writes through the escape hatch: flagged at once
        "unguarded, unguarded-access",
    })
    void everyOtherVgpuBugIsFoundToo(String variant, String kind) {
        for (long seed : seeds(1)) {
            System.out.println("FuzzerTest vgpu variant " + variant + ": seed " + seed);
            VgpuBug bug = FuzzOptions.bugNamed(variant).orElseThrow();
            FuzzResult r = Fuzzer.run(FuzzOptions.of(seed, 3000).planting(bug), FuzzProgress.NONE);
            assertThat(r.events().get(0)).as("seed " + seed).satisfies(first -> {
                assertThat(first.verb()).isEqualTo("FUZZ");
                assertThat(first.detail()).isEqualTo("vgpu variant " + variant);
            });
            assertThat(r.passed()).as("seed " + seed + ": " + variant + " not found in 3000 steps").isFalse();
            assertThat(r.reports()).as("seed " + seed + "\n" + r.toText()).isNotEmpty();
            RunResult replay = ScenarioRunner.run(ScenarioScript.parse(r.shrunkScript(), "shrunk"), RunOptions.defaults());
            assertThat(replay.outcome()).as("seed " + seed + "\n" + replay.toText()).isEqualTo(Outcome.REPORTS);
            assertThat(replay.reports()).as("seed " + seed).extracting(x -> x.kind().id()).contains(r.reports().get(0).kind().id());
            assertThat(r.reports()).as("seed " + seed + "\n" + r.toText()).extracting(x -> x.kind().id()).contains(kind);
        }
    }

    @Test
    void theFuzzerMakesTheNewStepsAndTheFixedDriverSurvivesThem() {
        java.util.Set<String> made = new java.util.TreeSet<>();
        java.util.Set<String> happened = new java.util.TreeSet<>();
        for (long seed : seeds(31, 32, 33, 34)) {
            System.out.println("FuzzerTest new steps: seed " + seed);
            FuzzResult r = Fuzzer.run(new FuzzOptions(seed, 600, 2, 3, false), FuzzProgress.NONE);
            assertThat(r.failure()).as("seed " + seed + "\n" + r.toText()).isNull();
            for (String line : r.script().lines().toList()) {
                for (String form : List.of("remove ", "rescan", "node=render", "by=unbind", "by=remove", "racing=",
                        "workload ", "read ", "bind vgpu0 driver=vgpu", "unbind vgpu0 driver=vgpu")) {
                    if (line.startsWith(form) || line.contains(" " + form)) {
                        made.add(form.strip());
                    }
                }
            }
            for (String line : Lines.of(r)) {
                for (String what : List.of("RESCAN", "WORK", "READ", "RACE")) {
                    if (line.contains("    " + what + " ")) {
                        happened.add(what);
                    }
                }
            }
        }
        assertThat(made).containsExactlyInAnyOrder("remove", "rescan", "node=render", "by=unbind", "by=remove", "racing=",
                "workload", "read", "bind vgpu0 driver=vgpu", "unbind vgpu0 driver=vgpu");
        assertThat(happened).as("a rescan found a removed device, workloads and reads ran, removals raced")
                .containsExactlyInAnyOrder("RESCAN", "WORK", "READ", "RACE");
    }

    @Test
    void sameSeedGivesTheSameFullEventLog() {
        for (long seed : seeds(21)) {
            System.out.println("FuzzerTest determinism: seed " + seed);
            FuzzResult a = Fuzzer.run(new FuzzOptions(seed, 400, 3, 3, false), FuzzProgress.NONE);
            FuzzResult b = Fuzzer.run(new FuzzOptions(seed, 400, 3, 3, false), FuzzProgress.NONE);
            assertThat(b.events()).as("seed " + seed).isEqualTo(a.events());
            assertThat(b.script()).as("seed " + seed).isEqualTo(a.script());
            FuzzResult other = Fuzzer.run(new FuzzOptions(seed + 1, 400, 3, 3, false), FuzzProgress.NONE);
            assertThat(other.events()).as("seed " + (seed + 1)).isNotEqualTo(a.events());
            // the recorded script replays to the same world events
            RunResult replay = ScenarioRunner.run(ScenarioScript.parse(a.script(), "replay"), RunOptions.defaults());
            assertThat(replay.outcome()).as("seed " + seed + "\n" + replay.toText()).isEqualTo(Outcome.CLEAN);
            List<Event> fuzzWorld = a.events().subList(1, a.events().size());
            List<Event> replayed = replay.events();
            assertThat(a.eventsDropped()).as("seed " + seed + ": the whole run fits the window").isZero();
            assertThat(replayed.size()).as("seed " + seed).isGreaterThan(fuzzWorld.size() / 2);
            assertThat(withoutLines(replayed)).as("seed " + seed).isEqualTo(withoutLines(fuzzWorld));
        }
    }

    /** The runner logs EXPECT events and script line numbers; the world's own events are what must match. */
    private static List<Event> withoutLines(List<Event> events) {
        return events.stream().filter(e -> !e.verb().equals("EXPECT"))
                .map(e -> new Event(e.step(), 0, e.verb(), e.owner(), e.order(), e.effect(), e.name(), e.detail(),
                        e.report()))
                .toList();
    }

    @Test
    void scenarioRunsAreDeterministicToo() {
        Scenario s = Scenarios.find("unguarded-access:fixed").orElseThrow();
        for (long seed : seeds(3)) {
            RunResult a = ScenarioRunner.run(s, new RunOptions(true, seed));
            RunResult b = ScenarioRunner.run(s, new RunOptions(true, seed));
            assertThat(b.events()).as("seed " + seed).isEqualTo(a.events());
            assertThat(b.toJson()).as("seed " + seed).isEqualTo(a.toJson());
        }
    }

    @Test
    void progressIsReportedUpToTheEnd() {
        List<int[]> calls = new ArrayList<>();
        Fuzzer.run(new FuzzOptions(5, 200, 1, 1, false), (done, total) -> calls.add(new int[] {done, total}));
        assertThat(calls).isNotEmpty();
        assertThat(calls.get(calls.size() - 1)).containsExactly(200, 200);
        for (int i = 1; i < calls.size(); i++) {
            assertThat(calls.get(i)[0]).isGreaterThan(calls.get(i - 1)[0]);
        }
    }

    @Test
    void badOptionsAreRefusedWithTheirRange() {
        assertThatThrownBy(() -> new FuzzOptions(1, 0, 2, 2, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fuzz: steps must be at least 1, got 0");
        assertThatThrownBy(() -> new FuzzOptions(1, 10, 9, 2, false)).hasMessage("fuzz: devices must be 1 to 8, got 9");
        assertThatThrownBy(() -> new FuzzOptions(1, 10, 2, 0, false)).hasMessage("fuzz: processes must be 1 to 8, got 0");
        assertThatThrownBy(() -> Fuzzer.run(null, FuzzProgress.NONE)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("the options must not be null");
    }

    @Test
    void everyVgpuBugHasAPlantableNameThatRoundTrips() {
        assertThat(FuzzOptions.plantableBugNames())
                .containsExactly("devm-connector-state", "drmm-sysfs", "drmm-mmio", "unguarded");
        for (VgpuBug bug : VgpuBug.values()) {
            String name = FuzzOptions.bugName(bug);
            assertThat(FuzzOptions.bugNamed(name)).contains(bug);
            FuzzOptions o = FuzzOptions.of(7, 10).planting(bug);
            assertThat(o.plantedBug()).contains(bug);
            assertThat(o.variant()).isEqualTo(name);
        }
        assertThat(FuzzOptions.bugNamed("fixed")).isEmpty();
        assertThat(FuzzOptions.bugNamed("no-such-bug")).isEmpty();
        assertThat(FuzzOptions.of(7, 10).variant()).isEqualTo("fixed");
        assertThat(new FuzzOptions(7, 10, 2, 3, true))
                .isEqualTo(new FuzzOptions(7, 10, 2, 3, Optional.of(VgpuBug.DEVM_CONNECTOR_STATE)));
        assertThat(new FuzzOptions(7, 10, 2, 3, false)).isEqualTo(FuzzOptions.of(7, 10));
        assertThatThrownBy(() -> new FuzzOptions(7, 10, 2, 3, (Optional<VgpuBug>) null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("plantedBug must not be null");
        assertThatThrownBy(() -> FuzzOptions.of(7, 10).planting(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("fuzz: the bug to plant must not be null");
    }

    @Test
    void aFailureLongerThanTheRecordedStepsIsNotShrunkButReplayedByItsSeed() {
        FuzzOptions o = FuzzOptions.of(9, 500_000);
        FuzzResult r = new FuzzResult(o, 400_000, 400_004, "invariant: x", List.of(), List.of(), 0, null, null, 0, 1, 0, -1);
        assertThat(r.toText()).contains("replay: " + o.replayCommand() + "\n")
                .contains("not shrunk: the failure came after 400000 random steps, more than a run keeps ("
                        + Fuzzer.RECORD_LIMIT + "); the replay line reproduces it");
        assertThat(r.toJson()).contains("\"shrunkScript\":null", "\"script\":null");
    }

    @Test
    void jsonOfAFailureCarriesTheShrunkScript() {
        FuzzResult r = Fuzzer.run(new FuzzOptions(2, 300, 2, 3, true), FuzzProgress.NONE);
        assertThat(r.toJson()).startsWith("{\"seed\":2,\"passed\":false,").contains("\"shrunkScript\":\"scenario fuzz-seed-2-shrunk\\n");
    }
}
