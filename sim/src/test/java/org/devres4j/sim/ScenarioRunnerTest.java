package org.devres4j.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class ScenarioRunnerTest {

    private static RunResult run(String script) {
        return ScenarioRunner.run(ScenarioScript.parse(script, "t.scn"), RunOptions.defaults());
    }

    @Test
    void unknownDeviceIsAScenarioErrorWithItsLine() {
        RunResult r = run("load vgpu\nplug vgpu0\nunbind vgpu9\n");
        assertThat(r.outcome()).isEqualTo(Outcome.SCENARIO_ERROR);
        assertThat(r.outcome().exitCode()).isEqualTo(2);
        assertThat(r.error()).isEqualTo("line 3: no device 'vgpu9' (plug it first)");
        assertThat(r.stepsRun()).isEqualTo(4); // load, plug, the failing unbind, the shutdown
    }

    @Test
    void unknownDriverAndVariantAreScenarioErrors() {
        assertThat(run("load nvidia\n").error()).contains("line 1: no driver 'nvidia'").contains("vgpu");
        assertThat(run("load vgpu variant=fast\n").error()).contains("vgpu has no variant 'fast'")
                .contains("devm-connector-state");
    }

    @Test
    void userspaceMistakesNameTheProcessAndFile() {
        assertThat(run("ioctl p1 f1 version\n").error()).contains("no process 'p1'");
        assertThat(run("process p1\nclose p1 f1\n").error()).contains("process 'p1' has no open file 'f1'");
        assertThat(run("load vgpu\nplug vgpu0\nprocess p1\nopen p1 vgpu0 as f1\nioctl p1 f1 launch\n").error())
                .contains("no ioctl 'launch'").contains("get-connector");
        assertThat(run("process p1\nprocess p1\n").error()).contains("process 'p1' already exists");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "load vgpu; load vgpu                              | line 2: driver 'vgpu' is already loaded (variant fixed)",
        "unload vgpu                                       | line 1: driver 'vgpu' is not loaded",
        "load vgpu; plug vgpu0; plug vgpu0                 | line 3: device 'vgpu0' is already plugged (since step 2 (line 2: plug vgpu0))",
        "load vgpu; plug vgpu0; unplug vgpu0; unplug vgpu0 | line 4: device 'vgpu0' is not plugged",
        "plug vgpu0; unbind vgpu0                          | line 2: device 'vgpu0' is not bound to a driver",
        "load vgpu; plug vgpu0; bind vgpu0                 | line 3: device 'vgpu0' is already bound to vgpu",
        "process p1; touch p1 m1                           | line 2: process 'p1' has no mapping 'm1'",
        "process p1; exit p2                               | line 2: no process 'p2' (start it with: process p2)",
        "load simple variant=quick                         | line 1: simple has no variant 'quick': expected one of [fixed, free-in-release]",
        "load simple variant=release-at-delete             | line 1: simple has no variant 'release-at-delete' any more: seed 000's option 2 is the driver-model policy now — write 'policy release-at-deletion' and load simple (variant fixed)",
        "load panel variant=glued                          | line 1: panel has no variant 'glued': expected one of [refcounted-bridge, devm-bridge]",
        "load vgpu; plug vgpu0; process p1; open p1 vgpu0 as f1; open p1 vgpu0 as f1 | line 5: process 'p1' already has a file 'f1'",
        "load vgpu; plug vgpu0; process p1; open p1 vgpu0 as f1; mmap p1 f1 as m1; mmap p1 f1 as m1 | line 6: process 'p1' already has a mapping 'm1'",
    })
    void badStepsAreScenarioErrorsNamingLineAndRule(String script, String message) {
        RunResult r = run(script.replace("; ", "\n"));
        assertThat(r.outcome()).as(r.toText()).isEqualTo(Outcome.SCENARIO_ERROR);
        assertThat(r.error()).isEqualTo(message);
    }

    @Test
    void openWithoutADriverGivesEnodevNotAnError() {
        RunResult r = run("process p1\nopen p1 vgpu0 as f1\nexpect errno ENODEV\nexpect clean\n");
        assertThat(r.outcome()).as(r.toText()).isEqualTo(Outcome.CLEAN);
        RunResult bind = run("plug vgpu0\nbind vgpu0\nexpect errno ENODEV\nload vgpu\nunbind vgpu0\nbind vgpu0\n"
                + "expect ok\nexpect clean\n");
        assertThat(bind.outcome()).as(bind.toText()).isEqualTo(Outcome.CLEAN);
        assertThat(bind.events()).anyMatch(e -> e.contains("BIND vgpu0 -> ENODEV (no loaded driver matches)"));
    }

    @Test
    void failedResultExpectationIsAScenarioError() {
        RunResult r = run("load vgpu\nplug vgpu0\nprocess p1\nopen p1 vgpu0 as f1\nexpect errno ENODEV\n");
        assertThat(r.outcome()).isEqualTo(Outcome.SCENARIO_ERROR);
        assertThat(r.failedExpectations()).containsExactly(
                "line 5: expect errno ENODEV — the previous step returned ok");
        assertThat(r.error()).isNull();
    }

    @Test
    void expectedReportThatNeverCameIsAScenarioError() {
        RunResult r = run("load vgpu\nplug vgpu0\nexpect report use-after-release\n");
        assertThat(r.outcome()).isEqualTo(Outcome.SCENARIO_ERROR);
        assertThat(r.failedExpectations()).containsExactly(
                "line 3: expected a use-after-release report, the sanitizer made none");
    }

    @Test
    void lifecycleOfTheFixedDriverThroughUnplugAndRebind() {
        RunResult r = run("""
                load vgpu
                plug vgpu0
                process p1 on-remove=never
                open p1 vgpu0 as f1
                ioctl p1 f1 read-reg
                expect value 1
                irq vgpu0
                ioctl p1 f1 vblank-count
                expect value 1
                mmap p1 f1 as m1
                touch p1 m1 write
                expect value written
                unplug vgpu0
                ioctl p1 f1 read-reg
                expect errno ENODEV
                ioctl p1 f1 get-connector
                expect errno ENODEV
                touch p1 m1 write
                expect value dropped
                touch p1 m1
                expect value 0
                open p1 vgpu0 as f2
                expect errno ENODEV
                plug vgpu0
                open p1 vgpu0 as f2
                expect ok
                close p1 f1
                expect clean
                """);
        assertThat(r.outcome()).as(r.toText()).isEqualTo(Outcome.CLEAN);
        assertThat(r.events()).anyMatch(e -> e.contains("FREE") && e.contains("card0"));
    }

    @Test
    void lateClosersCloseAFewStepsAfterTheUevent() {
        RunResult r = run("""
                load vgpu
                plug vgpu0
                process p1 on-remove=late
                process p2 on-remove=now
                process p3 on-remove=never
                open p1 vgpu0 as f1
                open p2 vgpu0 as f1
                open p3 vgpu0 as f1
                unplug vgpu0
                ioctl p1 f1 version
                expect errno ENODEV
                tick 4
                ioctl p3 f1 version
                expect errno ENODEV
                """);
        assertThat(r.outcome()).as(r.toText()).isEqualTo(Outcome.CLEAN);
        assertThat(r.events()).anyMatch(e -> e.contains("UEVENT remove vgpu0 -> p2 closes now"))
                .anyMatch(e -> e.contains("UEVENT remove vgpu0 -> p1 will close after"))
                .anyMatch(e -> e.contains("UEVENT remove vgpu0 -> p3 ignores it"))
                .anyMatch(e -> e.contains("SCHED p1 (late closer) runs"));
        RunResult closedAlready = run("""
                load vgpu
                plug vgpu0
                process p2 on-remove=now
                open p2 vgpu0 as f1
                unplug vgpu0
                ioctl p2 f1 version
                """);
        assertThat(closedAlready.error()).isEqualTo("line 6: process 'p2' has no open file 'f1'");
    }

    @Test
    void underReleaseAtDeletionEveryUnbindThatLeavesDevresBehindIsALeakThatGrowsPerCycle() {
        String cycles = "load simple\nplug simple0\nunbind simple0\nbind simple0\nunbind simple0\nbind simple0\n"
                + "unload simple\n";
        RunResult r = run("policy release-at-deletion\n" + cycles + "expect report leak\n");
        assertThat(r.outcome()).as(r.toText()).isEqualTo(Outcome.REPORTS);
        assertThat(r.failedExpectations()).isEmpty();
        assertThat(r.reports()).as(r.toText()).allMatch(x -> x.kind() == ReportKind.LEAK)
                .extracting(Report::line).containsExactly(4, 6, 8);
        int perBinding = Integer.parseInt(r.reports().get(0).detail().replaceFirst(" .*", ""));
        assertThat(perBinding).as("one binding's devres").isPositive();
        for (int i = 0; i < 3; i++) {
            Report leak = r.reports().get(i);
            assertThat(leak.object()).isEqualTo("resources of an ended binding of simple0 (driver simple)");
            assertThat(leak.detail()).as("cycle %d", i + 1)
                    .startsWith((i + 1) * perBinding + " resource(s) of " + (i + 1) + " ended binding(s)");
            assertThat(leak.allocated()).contains("simple scanout state");
            assertThat(leak.shouldHave()).startsWith("devm released at unbind");
        }
        assertThat(r.reports().get(2).released()).contains("unload simple");
        assertThat(r.reports()).as("device deletion releases it all: no leak at world shutdown")
                .allMatch(x -> x.step() > 0);

        RunResult current = run(cycles + "expect clean\n");
        assertThat(current.outcome()).as(current.toText()).isEqualTo(Outcome.CLEAN);
    }

    @Test
    void underReleaseAtDeletionARebindFailsOnTheIrqTheEndedBindingStillHoldsAndThatProbeLeaksToo() {
        RunResult r = run("policy release-at-deletion\nload vgpu\nplug vgpu0\nunbind vgpu0\nbind vgpu0\n"
                + "expect errno ENODEV\n");
        assertThat(r.failedExpectations()).as(r.toText()).isEmpty();
        assertThat(r.reports()).extracting(Report::object).containsExactly(
                "resources of an ended binding of vgpu0 (driver vgpu)",
                "resources of an ended binding of vgpu0 (failed probe)");
        assertThat(r.reports().get(1).line()).isEqualTo(5);
        assertThat(r.events()).anyMatch(l -> l.contains("PROBE-FAIL vgpu0") && l.contains("irq"));
    }

    @Test
    void virtualDevicesThatDropTheirOwnReferenceAreCleanUnderEitherPolicy() {
        for (String policy : new String[] {"current", "legacy-2020"}) {
            RunResult r = run("policy " + policy + "\nvirtual vkms0 holder=plain\nexpect clean\n");
            assertThat(r.outcome()).as(policy + "\n" + r.toText()).isEqualTo(Outcome.CLEAN);
        }
        RunResult twice = run("virtual vkms0\nvirtual vkms0\n");
        assertThat(twice.error()).isEqualTo("line 2: device 'vkms0' already exists");
    }

    @Test
    void aDeviceNameStillRegisteredOnTheBusIsEexist() {
        RunResult r = run("virtual vkms0 holder=plain\nplug vkms0\nexpect report eexist\n");
        assertThat(r.outcome()).as(r.toText()).isEqualTo(Outcome.REPORTS);
        assertThat(r.failedExpectations()).isEmpty();
        Report e = r.reports().get(0);
        assertThat(e.kind()).isEqualTo(ReportKind.EEXIST);
        assertThat(e.detail()).contains("vkms0");
        assertThat(r.reports()).hasSize(1);
        assertThat(r.events()).anyMatch(l -> l.contains("PLUG vkms0 refused by the bus"));
    }

    @Test
    void theScriptsSeedWinsOverTheOptionsSeed() {
        Scenario s = ScenarioScript.parse("seed 42\nrescan\n", "s");
        assertThat(ScenarioRunner.run(s, new RunOptions(false, 7)).seed()).isEqualTo(42);
        Scenario t = ScenarioScript.parse("rescan\n", "t");
        assertThat(ScenarioRunner.run(t, new RunOptions(false, 7)).seed()).isEqualTo(7);
    }

    @Test
    void textAndJsonCarryTheReportsAndTheTraceOnlyWhenAsked() {
        Scenario s = Scenarios.find("drmm-sysfs").orElseThrow();
        RunResult quiet = ScenarioRunner.run(s, RunOptions.defaults());
        RunResult traced = ScenarioRunner.run(s, new RunOptions(true, 1));
        assertThat(quiet.toText()).contains("SANITIZER: EEXIST on re-registration: /sys/devices/vgpu0/tile0")
                .contains("drmm-sysfs:buggy: reports (1 report").doesNotContain("  > plug vgpu0");
        assertThat(traced.toText()).contains("> plug vgpu0").contains("ADD  vgpu0 #1 iounmap vgpu0:bar0");
        String json = quiet.toJson();
        assertThat(json).startsWith("{\"scenario\":\"drmm-sysfs:buggy\",\"outcome\":\"REPORTS\",\"exitCode\":1")
                .contains("\"kind\":\"eexist\"").contains("\"object\":\"/sys/devices/vgpu0/tile0\"")
                .doesNotContain("\"events\"");
        assertThat(traced.toJson()).contains("\"events\":[\"");
    }

    @Test
    void nullArgumentsAreRefused() {
        assertThatThrownBy(() -> ScenarioRunner.run(null, RunOptions.defaults()))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("the scenario must not be null");
        assertThatThrownBy(() -> ScenarioRunner.run(ScenarioScript.parse("rescan", "x"), null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("the options must not be null");
    }
}
