package org.devres4j.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A workload keeps running — one call per scheduler tick, picked by the seed — while other steps unbind,
 * remove or rebind its device; a step that removes the device races the call it has in flight. Seeds are
 * printed; {@code -Ddevres4j.seed=N} adds one.
 */
class WorkloadTest {

    private static List<String> work(RunResult r) {
        return Lines.of(r).stream().filter(l -> l.contains("    WORK p1 ")).toList();
    }

    @Test
    void aWorkloadCallsOncePerTickAcrossAnUnbindAndARebindUntilItsFileCloses() {
        RunResult r = Seeded.run("""
                load vgpu
                plug vgpu0
                process p1
                open p1 vgpu0 as f1
                mmap p1 f1 as m1
                workload p1 f1
                tick 4
                unbind vgpu0
                expect ok
                tick 3
                bind vgpu0
                expect ok
                close p1 f1
                expect ok
                tick 5
                expect clean
                """, 7);
        assertThat(r.failedExpectations()).as(r.toText()).isEmpty();
        assertThat(r.outcome()).isEqualTo(Outcome.CLEAN);
        List<String> work = work(r);
        // one call after the workload step, 4 in tick 4, one in the unbind's tick (plus the call the unbind raced),
        // 3 in tick 3, one after the bind; none after the close
        assertThat(work).as(r.toText()).hasSizeBetween(10, 11);
        List<String> afterUnbind = Lines.of(r).stream().dropWhile(l -> !l.contains("> unbind vgpu0"))
                .filter(l -> l.contains("    WORK p1 ")).skip(1).toList();
        assertThat(afterUnbind).as("every call after the unbind: ENODEV (or a dropped write to the zapped mapping)")
                .allMatch(l -> l.endsWith("(-> ENODEV)") || l.endsWith("(-> ok:dropped)"));
        assertThat(Lines.of(r)).anyMatch(l -> l.contains("WORKLOAD p1 f1 (ends: the file was closed)"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"unbind vgpu0", "remove vgpu0", "unplug vgpu0"})
    void aStepThatRemovesTheDeviceRacesTheWorkloadsCallInFlightAsTheSeedSays(String removal) {
        String kind = removal.substring(0, removal.indexOf(' '));
        Set<String> seen = new TreeSet<>();
        for (long seed : Seeded.seeds(16)) {
            System.out.println("WorkloadTest " + removal + ": seed " + seed);
            String script = "load vgpu\nplug vgpu0\nprocess p1\nopen p1 vgpu0 as f1\nworkload p1 f1\n" + removal
                    + "\nexpect ok\nclose p1 f1\nexpect clean\n";
            RunResult a = Seeded.run(script, seed);
            RunResult b = Seeded.run(script, seed);
            assertThat(b.events()).as("seed " + seed).isEqualTo(a.events());
            assertThat(a.outcome()).as("seed " + seed + "\n" + a.toText()).isEqualTo(Outcome.CLEAN);
            List<String> ev = Lines.of(a);
            assertThat(ev).as("seed " + seed).anyMatch(l -> l.contains("RACE p1's workload on f1 with the " + kind + " of vgpu0"));
            seen.add(ev.stream().anyMatch(l -> l.contains("lands the " + kind + " before the call begins")) ? "before" : "in flight");
        }
        assertThat(seen).as("both interleavings occur over the seeds").containsExactly("before", "in flight");
    }

    @Test
    void anUnguardedDriverIsCaughtByTheWorkloadsCallsRacingTheUnbind() {
        int caught = 0;
        for (long seed : Seeded.seeds(16)) {
            RunResult r = Seeded.run("load vgpu variant=unguarded\nplug vgpu0\nprocess p1\nopen p1 vgpu0 as f1\nworkload p1 f1\n"
                    + "tick 6\nunbind vgpu0\n", seed);
            if (r.has(ReportKind.UNGUARDED_ACCESS)) {
                caught++;
            }
        }
        assertThat(caught).as("the workload's register ioctls are unguarded accesses for most seeds").isGreaterThan(8);
    }

    @Test
    void theWorkloadsCallsAreNotTheStepsResult() {
        RunResult r = Seeded.run("""
                load vgpu
                plug vgpu0
                process p1
                open p1 vgpu0 as f1
                open p1 vgpu0 as f2
                workload p1 f2
                unplug vgpu0
                ioctl p1 f1 read-reg
                expect errno ENODEV
                tick 3
                plug vgpu1
                expect ok
                """, 3);
        assertThat(r.failedExpectations()).as(r.toText()).isEmpty();
    }

    @Test
    void aWorkloadNeedsAnOpenFileAndRunsOnceOnIt() {
        assertThat(Seeded.run("process p1\nworkload p1 f1\n", 1).error()).isEqualTo("line 2: process 'p1' has no open file 'f1'");
        assertThat(Seeded.run("load vgpu\nplug vgpu0\nprocess p1\nopen p1 vgpu0 as f1\nworkload p1 f1\nworkload p1 f1\n", 1).error())
                .isEqualTo("line 6: process 'p1' already runs a workload on 'f1'");
    }
}
