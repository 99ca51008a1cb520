package org.devres4j.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The rules scripts keep beyond their syntax (their exact messages are in the command line's
 * catalogue test): seeds of the whole 64-bit range, expectations checked where they stand, a
 * simulated address space that never wraps, one line per event.
 */
class ScriptRulesTest {

    private static RunResult run(String script) {
        return ScenarioRunner.run(ScenarioScript.parse(script, "t.scn"), RunOptions.defaults());
    }

    @Test
    void everySeedTheFuzzerCanPrintParsesAndRoundTrips() {
        for (long seed : new long[] {Long.MIN_VALUE, -7, 0, 42, Long.MAX_VALUE}) {
            Scenario s = ScenarioScript.parse("seed " + seed + "\nrescan\n", "s.scn");
            assertThat(s.seed()).isEqualTo(seed);
            assertThat(ScenarioScript.parse(s.toScript(), "again").seed()).isEqualTo(seed);
            assertThat(ScenarioRunner.run(s, RunOptions.defaults()).seed()).isEqualTo(seed);
        }
        assertThat(ScenarioScript.parse("seed 0x10\nrescan\n", "s").seed()).isEqualTo(16L);
    }

    @Test
    void expectCleanHoldsWhereItStandsEvenIfAReportComesLater() {
        RunResult r = run("load vgpu variant=devm-connector-state\nplug vgpu0\nprocess p1\nopen p1 vgpu0 as f1\n"
                + "expect clean\nunbind vgpu0\nioctl p1 f1 get-connector\nclose p1 f1\n");
        assertThat(r.failedExpectations()).as(r.toText()).isEmpty();
        assertThat(r.outcome()).isEqualTo(Outcome.REPORTS);
    }

    @Test
    void aTrailingExpectCleanCoversTheLeakChecksAtShutdown() {
        RunResult r = run("policy legacy-2020\nvirtual vkms0 holder=devm\nexpect clean\n");
        assertThat(r.has(ReportKind.REFERENCE_LOOP)).as(r.toText()).isTrue();
        assertThat(r.failedExpectations()).singleElement().asString()
                .startsWith("line 3: expected clean, the sanitizer made 1 report(s), the first reference-loop at world shutdown");
        assertThat(r.outcome()).isEqualTo(Outcome.SCENARIO_ERROR);
    }

    @Test
    void aReportExpectedBeforeItIsMadeFails() {
        RunResult r = run("load vgpu variant=devm-connector-state\nplug vgpu0\nprocess p1\nopen p1 vgpu0 as f1\n"
                + "expect report use-after-release\nunbind vgpu0\nioctl p1 f1 get-connector\n");
        assertThat(r.failedExpectations()).singleElement().asString()
                .isEqualTo("line 5: expected a use-after-release report by now, the sanitizer made none");
    }

    /** The end of the world's physical address space: the hardware model's default width. */
    private static final long ADDRESS_LIMIT = 1L << org.devres4j.hw.model.AddressSpace.DEFAULT_ADDRESS_BITS;

    @Test
    void theAddressSpaceIsRefusedBeforeItCouldWrap() {
        try (World w = new World(1, "current")) {
            int plugged = 0;
            ScenarioStepException refused = null;
            while (refused == null && plugged < 1000) {
                try {
                    w.hotplug.plug("g" + plugged, World.MAX_MMIO);
                    plugged++;
                } catch (ScenarioStepException e) {
                    refused = e;
                }
            }
            assertThat(refused).as("the world refuses before the address space ends").isNotNull();
            assertThat(refused).hasMessage("plug g" + plugged + ": the simulated address space (0xe0000000 to 0x1000000000000) has no "
                    + "room for mmio=0x10000000000 next to the plugged devices")
                    .hasCauseInstanceOf(org.devres4j.hw.model.AddressSpaceFullException.class);
            assertThat(w.platform.bus().device("g" + plugged)).as("the refused device is not left on the bus").isEmpty();
            assertThat(w.devices.get("g" + plugged)).as("nor in the world").isNull();
            int before = w.platform.bus().devices().size();
            w.hotplug.unplug("g0");
            w.hotplug.plug("late", World.MAX_MMIO); // the freed range is the model's again: the world asks the model, not a sum
            assertThat(w.platform.bus().devices()).hasSize(before);
            assertThat(plugged).isEqualTo((int) ((ADDRESS_LIMIT - org.devres4j.hw.model.AddressSpace.BASE) / World.MAX_MMIO));
            long highestEnd = 0;
            for (String name : w.devices.pluggedNames()) {
                for (org.devres4j.hw.MmioRange r : w.hw.mmioRanges(w.devices.get(name))) {
                    assertThat(r.base()).as(name).isPositive();
                    highestEnd = Math.max(highestEnd, r.base() + r.size());
                }
            }
            assertThat(highestEnd).isPositive().isLessThanOrEqualTo(ADDRESS_LIMIT);
            assertThat(w.reports()).as("a full address space is a refusal, not a false finding").isEmpty();
        }
    }

    @Test
    void everyEventIsExactlyOneLine() {
        Event e = new Event(3, 4, "FAULT", Event.Owner.WORLD, 0, Event.Effect.NONE, "in ioctl\nsecond",
                "IllegalStateException: a\r\nb\u2028c\u0085d\re", 0);
        assertThat(EventText.line(e)).isEqualTo("   3    FAULT in ioctl\\nsecond (IllegalStateException: a\\nb\\nc\\nd\\ne)")
                .doesNotContain("\n", "\r", "\u2028", "\u0085");
        Event step = new Event(7, 9, Event.STEP, Event.Owner.WORLD, 0, Event.Effect.NONE, "plug vgpu0", "", 0);
        assertThat(EventText.line(step)).isEqualTo("   7  > plug vgpu0   (line 9)");
        assertThat(Json.str("a\u2028b\"\n")).isEqualTo("\"a\\u2028b\\\"\\n\"");
    }

    @Test
    void aNonUtf8ScriptNamesTheLineAndColumnOfTheBadByte() {
        byte[] bytes = "load vgpu\nplug g\u00e9pu0\n".getBytes(StandardCharsets.ISO_8859_1);
        ScenarioSyntaxException e = catchThrowableOfType(ScenarioSyntaxException.class,
                () -> ScriptText.decode(bytes, "latin1.scn"));
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isEqualTo(7);
        assertThat(ScriptText.decode("plug gé\n".getBytes(StandardCharsets.UTF_8), "ok.scn")).isEqualTo("plug gé\n");
    }

    @Test
    void aParsedScriptKeepsItsStepsCompactly() {
        StringBuilder sb = new StringBuilder("load vgpu\n");
        for (int i = 0; i < 20_000; i++) {
            sb.append("ioctl p1 f").append(i).append(" read-reg\n");
        }
        Scenario s = ScenarioScript.parse(sb.toString(), "big.scn");
        assertThat(s.steps()).hasSize(20_001).isInstanceOf(ScriptSteps.class);
        assertThat(s.steps().get(20_000)).isEqualTo(new Step(20_001, Verb.IOCTL, List.of("p1", "f19999", "read-reg"),
                java.util.Map.of()));
    }
}
