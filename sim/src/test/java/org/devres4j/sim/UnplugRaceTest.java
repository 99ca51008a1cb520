package org.devres4j.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * Scenario 3 is a real race: an ioctl in flight ({@code ioctl ... racing=DEVICE}) against a surprise
 * removal, the unplug landing where the seed says — before the ioctl begins or at its first register
 * access. Seeds are printed; {@code -Ddevres4j.seed=N} adds one to the default range.
 */
class UnplugRaceTest {

    private static final String BEFORE = "lands the unplug before the ioctl begins";
    private static final String MID = "lands the unplug at the ioctl's first register access";

    private static RunResult run(String name, long seed) {
        return ScenarioRunner.run(Scenarios.find(name).orElseThrow(), new RunOptions(false, seed));
    }

    private static String ioctlResult(RunResult r) {
        return Lines.of(r).stream().filter(e -> e.contains("IOCTL p1 f1 read-reg")).skip(1).findFirst().orElseThrow();
    }

    private static boolean logged(RunResult r, String text) {
        return Lines.of(r).stream().anyMatch(e -> e.contains(text));
    }

    @Test
    void theSeedPicksTheInterleavingAndTheSameSeedGivesTheSameOne() {
        Set<String> seen = new TreeSet<>();
        for (long seed : Seeded.seeds(12)) {
            System.out.println("UnplugRaceTest seed " + seed);
            RunResult a = run("unguarded-access:buggy", seed);
            RunResult b = run("unguarded-access:buggy", seed);
            assertThat(b.events()).as("seed " + seed).isEqualTo(a.events());
            boolean mid = logged(a, MID);
            boolean before = logged(a, BEFORE);
            assertThat(mid ^ before).as("seed " + seed + ": exactly one interleaving\n" + a.toText()).isTrue();
            seen.add(mid ? "mid" : "before");
        }
        assertThat(seen).as("both interleavings occur over the seeds").containsExactly("before", "mid");
    }

    @Test
    void unguardedTheAccessLandsInARangeThatWasUnmappedAndFreed() {
        for (long seed : Seeded.seeds(12)) {
            RunResult r = run("unguarded-access:buggy", seed);
            assertThat(r.outcome()).as("seed " + seed + "\n" + r.toText()).isEqualTo(Outcome.REPORTS);
            assertThat(r.has(ReportKind.UNGUARDED_ACCESS)).as("seed " + seed).isTrue();
            if (logged(r, MID)) {
                Report late = r.reports().stream().filter(x -> x.kind() == ReportKind.USE_AFTER_UNPLUG).findFirst()
                        .orElseThrow(() -> new AssertionError("seed " + seed + ": no use-after-unplug\n" + r.toText()));
                assertThat(Lines.of(r)).as("seed " + seed)
                        .anyMatch(e -> e.contains("RACE the unplug of vgpu0 lands now, between the ioctl's begin and its read32"));
                assertThat(late.detail()).as("seed " + seed + ": the access went ahead after the unmap")
                        .contains("belongs to no device: vgpu0 was unplugged");
            } else {
                // an ioctl that begins after the unplug never reaches its handler: drm_ioctl answers ENODEV
                assertThat(ioctlResult(r)).as("seed " + seed + "\n" + r.toText()).contains("ENODEV");
                assertThat(r.has(ReportKind.USE_AFTER_UNPLUG)).as("seed " + seed).isFalse();
            }
        }
    }

    @Test
    void withEnterExitTheUnplugWaitsForTheSectionOrTheIoctlGetsEnodev() {
        for (long seed : Seeded.seeds(12)) {
            RunResult r = run("unguarded-access:fixed", seed);
            assertThat(r.outcome()).as("seed " + seed + "\n" + r.toText()).isEqualTo(Outcome.CLEAN);
            if (logged(r, MID)) {
                assertThat(Lines.of(r)).as("seed " + seed)
                        .anyMatch(e -> e.contains("RACE the unplug of vgpu0 waits: the read32 +0x8 is inside an enter/exit section"))
                        .anyMatch(e -> e.contains("RACE the unplug of vgpu0 waited for the enter/exit section; it runs now"));
                assertThat(ioctlResult(r)).as("seed " + seed + ": the ioctl finished first").contains("-> ok");
            } else {
                assertThat(ioctlResult(r)).as("seed " + seed).endsWith("(-> ENODEV)");
            }
        }
    }

    @Test
    void racingADeviceThatIsNotPluggedIsAScenarioError() {
        RunResult r = ScenarioRunner.run(ScenarioScript.parse("load vgpu\nplug vgpu0\nprocess p1\nopen p1 vgpu0 as f1\n"
                + "ioctl p1 f1 read-reg racing=vgpu9\n", "t.scn"), RunOptions.defaults());
        assertThat(r.error()).isEqualTo("line 5: ioctl racing=vgpu9: device 'vgpu9' is not plugged");
    }

    @Test
    void aProcessInsideTheRacingIoctlHearsOfTheRemovalOnlyWhenItReturns() {
        for (long seed : Seeded.seeds(12)) {
            RunResult r = ScenarioRunner.run(ScenarioScript.parse("load vgpu\nplug vgpu0\nprocess p1 on-remove=now\n"
                    + "open p1 vgpu0 as f1\nioctl p1 f1 read-reg racing=vgpu0\nexpect clean\n", "t.scn"),
                    new RunOptions(false, seed));
            assertThat(r.outcome()).as("seed " + seed + "\n" + r.toText()).isEqualTo(Outcome.CLEAN);
            List<String> ev = Lines.of(r);
            int ioctl = indexOf(ev, "IOCTL p1 f1 read-reg");
            int close = indexOf(ev, "CLOSE p1 #1 f1");
            assertThat(ioctl).as("seed " + seed).isNotNegative();
            assertThat(close).as("seed " + seed + ": p1 closes after its ioctl returned").isGreaterThan(ioctl);
            assertThat(ev.subList(ioctl + 1, close)).as("seed " + seed)
                    .anyMatch(e -> e.contains("UEVENT p1 remove vgpu0 (closes now)"));
        }
    }

    private static int indexOf(List<String> events, String text) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
