package org.devres4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.devres4j.sim.Scenarios;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Runs the demo (and the small commands) in-process and checks what they print and return. */
class DemoTest {

    private static Cli.Run demo;

    @BeforeAll
    static void runTheDemoOnce() {
        demo = Cli.execute("demo");
    }

    private static String part(int n) {
        String out = demo.out();
        int start = out.indexOf("== Part " + n + ".");
        int end = out.indexOf("== Part " + (n + 1) + ".");
        assertThat(start).as(demo.all()).isNotNegative();
        return out.substring(start, end < 0 ? out.length() : end);
    }

    private static List<String> released(String text, String owner) {
        Matcher m = Pattern.compile("^\\s*REL\\s+" + owner + " #(\\d+) ([^(]+?) \\(", Pattern.MULTILINE).matcher(text);
        return m.results().map(r -> r.group(2)).toList();
    }

    @Test
    void demoPassesEveryCheckAndStaysReadable() {
        assertThat(demo.exitCode()).as(demo.all()).isZero();
        assertThat(demo.out()).doesNotContainPattern("(?m)^\\s*FAILED:").containsPattern("demo: all \\d+ checks passed");
        assertThat(demo.out().lines().count()).as("the demo stays readable").isLessThan(200);
        assertThat(demo.err()).as("nothing on stderr").isEmpty();
    }

    @Test
    void partOneShowsProbeUnbindRebindAndAFauxDevice() {
        String p = part(1);
        assertThat(p).containsSubsequence(
                "ADD  sensor0 #1 clock-enable", "ADD  sensor0 #2 sample-buffer", "ADD  sensor0 #3 irq-free",
                "BIND sensor0 sensor",
                "sensor.remove(sensor0)",
                "REL  sensor0 #3 irq-free (unbind)", "REL  sensor0 #2 sample-buffer (unbind)",
                "REL  sensor0 #1 clock-enable (unbind)", "UNBIND sensor0 sensor (unbind)",
                "ok: a stale reference to sample-buffer is a use-after-release",
                "1c. rebind", "ADD  sensor0 #4 clock-enable", "BIND sensor0 sensor",
                "DEVICE-ADD faux-vkms", "BIND faux-vkms", "REL  faux-vkms #1 faux-cleanup",
                "DEVICE-FREE faux-vkms",
                "ok: del unbound sensor0");
        assertThat(released(p, "sensor0")).containsExactly(
                "irq-free", "sample-buffer", "clock-enable", "irq-free", "sample-buffer", "clock-enable");
    }

    @Test
    void partTwoShowsVgpusHotUnplugStory() {
        String p = part(2);
        assertThat(p).containsSubsequence(
                "ok: vgpu0 is bound and card0 is registered as /dev/dri/card0",
                "ok: the ioctl reads the chip id",
                "2c. unplug vgpu0 while the file is open",
                "UNPLUG card0", "WITHDRAW card0 /dev/dri/card0", "UNREGISTER card0", "ZAP  card0",
                "UNBIND vgpu0 vgpu",
                "ok: every ioctl now fails with ENODEV, software-only ones too (drm_ioctl checks at entry)",
                "ok: the connector object lives on and reads disconnected",
                "ok: the mapping was zapped: it reads zeros",
                "ok: card1 registered, tile0 published again: no EEXIST",
                "CLOSE card0 file1", "RELEASE card0 card0 (last put)",
                "REL  card0 #1 drm_dev_init_release",
                "FREE card0 VgpuDevice (final free)",
                "ok: card0's drmm list was released and the final free came last");
        // the drmm list of card0 goes newest first: #N down to #1, and nothing of card0 after the free
        Matcher m = Pattern.compile("REL  card0 #(\\d+)").matcher(p);
        List<Integer> order = m.results().map(r -> Integer.parseInt(r.group(1))).toList();
        assertThat(order).as(p).hasSizeGreaterThan(3).isSortedAccordingTo((a, b) -> b - a).endsWith(1);
        String afterFree = p.substring(p.indexOf("FREE card0 VgpuDevice"));
        assertThat(afterFree).doesNotContain("REL  card0");
        assertThat(p.lines().filter(l -> l.contains("EEXIST")).toList()).as("no EEXIST anywhere but the check")
                .containsExactly("  ok: card1 registered, tile0 published again: no EEXIST");
    }

    @Test
    void partThreeShowsEveryScenarioBuggyAndFixed() {
        String p = part(3);
        for (Scenarios.BuiltIn b : Scenarios.list()) {
            assertThat(p).as(b.name()).containsPattern(b.number() + "\\s+" + Pattern.quote(b.name()) + "\\s.*PASS");
        }
        assertThat(p).contains("SANITIZER: EEXIST on re-registration: /sys/devices/vgpu0/tile0")
                .contains("SANITIZER: reference loop")
                .contains("demo: PASS")
                .contains("ok: every buggy scenario was caught and every fixed one ran clean");
    }

    @Test
    void noCommandRunsTheDemo() {
        Cli.Run run = Cli.execute();

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("== Part 1.", "== Part 2.", "== Part 3.")
                .containsPattern("demo: all \\d+ checks passed");
    }

    @Test
    void versionPrintsTheBuildVersion() {
        Cli.Run run = Cli.execute("version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).matches("devres4j \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(Java .+\\)");
        assertThat(run.out()).doesNotContain("${project.version}");
    }

    @Test
    void unknownCommandIsRefusedWithUsage() {
        // a word picocli finds no similar command for (for a near miss it prints "Did you mean" instead of the usage)
        Cli.Run run = Cli.execute("bogus");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE).isEqualTo(2);
        assertThat(run.err()).contains("Unmatched argument at index 0: 'bogus'").contains("Usage: devres4j");
    }
}
