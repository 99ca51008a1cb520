package org.devres4j.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An unbind or a sysfs remove racing an ioctl in flight ({@code ioctl ... racing=DEVICE by=unbind|remove}), as
 * the surprise unplug does: the seed picks whether the removal lands before the ioctl or at its first register
 * access, and the same seed gives the same interleaving. Seeds are printed; {@code -Ddevres4j.seed=N} adds one.
 */
class RemovalRaceTest {

    private static String racing(String variant, String by, String after) {
        return "load vgpu" + (variant.equals("fixed") ? "" : " variant=" + variant) + "\nplug vgpu0\nprocess p1\n"
                + "open p1 vgpu0 as f1\nioctl p1 f1 read-reg racing=vgpu0 by=" + by + "\n" + after;
    }

    @ParameterizedTest(name = "by={0}")
    @ValueSource(strings = {"unbind", "remove"})
    void theSeedPicksTheInterleavingAndTheFixedDriverStaysClean(String by) {
        Set<String> seen = new TreeSet<>();
        String state = by.equals("unbind") ? "unbound" : "absent";
        for (long seed : Seeded.seeds(12)) {
            System.out.println("RemovalRaceTest by=" + by + " seed " + seed);
            RunResult a = Seeded.run(racing("fixed", by, "expect device vgpu0 " + state + "\nexpect clean\n"), seed);
            RunResult b = Seeded.run(racing("fixed", by, "expect device vgpu0 " + state + "\nexpect clean\n"), seed);
            assertThat(b.events()).as("seed " + seed).isEqualTo(a.events());
            assertThat(a.outcome()).as("seed " + seed + "\n" + a.toText()).isEqualTo(Outcome.CLEAN);
            List<String> ev = Lines.of(a);
            boolean before = ev.stream().anyMatch(l -> l.contains("the scheduler lands the " + by + " before the ioctl begins"));
            boolean mid = ev.stream().anyMatch(l -> l.contains("the scheduler lands the " + by + " at the ioctl's first register access"));
            assertThat(before ^ mid).as("seed " + seed + ": exactly one interleaving\n" + a.toText()).isTrue();
            String ioctl = ev.stream().filter(l -> l.contains("IOCTL p1 f1 read-reg")).findFirst().orElseThrow();
            if (mid) {
                assertThat(ev).as("seed " + seed).anyMatch(l -> l.contains("RACE the " + by + " of vgpu0 waits: the read32 +0x8"
                        + " is inside an enter/exit section"));
                assertThat(ioctl).as("seed " + seed + ": the section finished first").endsWith("(-> ok:1)");
            } else {
                assertThat(ioctl).as("seed " + seed + ": drm_ioctl answers ENODEV at entry").endsWith("(-> ENODEV)");
            }
            seen.add(mid ? "mid" : "before");
        }
        assertThat(seen).as("both interleavings occur over the seeds").containsExactly("before", "mid");
    }

    @ParameterizedTest(name = "by={0}")
    @ValueSource(strings = {"unbind", "remove"})
    void withoutEnterExitTheAccessGoesAheadIntoTheUnmappedRange(String by) {
        int midRuns = 0;
        for (long seed : Seeded.seeds(12)) {
            RunResult r = Seeded.run(racing("unguarded", by, ""), seed);
            if (Lines.of(r).stream().anyMatch(l -> l.contains("RACE the " + by + " of vgpu0 lands now, between the ioctl's "
                    + "begin and its read32 +0x8 (UNGUARDED)"))) {
                midRuns++;
                assertThat(r.has(ReportKind.UNGUARDED_ACCESS)).as("seed " + seed + "\n" + r.toText()).isTrue();
                assertThat(r.reports()).as("seed " + seed + "\n" + r.toText()).anyMatch(x -> x.kind() == ReportKind.USE_AFTER_UNPLUG
                        && x.detail().contains("the mapping was unmapped while the access was on its way, and the range")
                        && x.detail().contains("still belongs to vgpu0: it reached no register"));
            } else {
                // landed before the ioctl: drm_ioctl answers ENODEV at entry, the handler never runs
                assertThat(Lines.of(r)).as("seed " + seed).anyMatch(l -> l.contains("IOCTL p1 f1 read-reg (-> ENODEV)"));
                assertThat(r.reports()).as("seed " + seed + "\n" + r.toText()).isEmpty();
            }
        }
        assertThat(midRuns).as("the removal lands mid-ioctl for some seed").isPositive();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "load vgpu; plug vgpu0; process p1; open p1 vgpu0 as f1; unbind vgpu0; ioctl p1 f1 version racing=vgpu0 by=unbind | line 6: ioctl racing=vgpu0 by=unbind: device 'vgpu0' is not bound to a driver",
        "load vgpu; plug vgpu0; process p1; open p1 vgpu0 as f1; remove vgpu0; ioctl p1 f1 version racing=vgpu0 by=remove | line 6: ioctl racing=vgpu0 by=remove: device 'vgpu0' is not on the bus: it was removed at step 5 (line 5: remove vgpu0) (a rescan finds its hardware again)",
        "load vgpu; plug vgpu0; process p1; open p1 vgpu0 as f1; ioctl p1 f1 version racing=vgpu3 by=unbind | line 5: no device 'vgpu3' (plug it first)",
    })
    void aRaceThatCannotRunAsWrittenIsAScenarioError(String script, String message) {
        RunResult r = Seeded.run(script.replace("; ", "\n"), 1);
        assertThat(r.outcome()).as(r.toText()).isEqualTo(Outcome.SCENARIO_ERROR);
        assertThat(r.error()).isEqualTo(message);
    }
}
