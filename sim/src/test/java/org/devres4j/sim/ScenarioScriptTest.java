package org.devres4j.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ScenarioScriptTest {

    private static ScenarioSyntaxException parseError(String text) {
        return catchThrowableOfType(ScenarioSyntaxException.class, () -> ScenarioScript.parse(text, "t.scn"));
    }

    @Test
    void parsesHeaderStepsOptionsAndComments() {
        Scenario s = ScenarioScript.parse("""
                # a comment line
                scenario demo-1
                description connector state under devm  # trailing comment
                seed 0x10
                policy legacy-2020

                load vgpu variant=devm-connector-state
                plug gpu0 mmio=0x2000
                process p1 on-remove=late
                open p1 gpu0 as f1
                ioctl p1 f1 get-connector
                touch p1 m1 write
                expect errno ENODEV
                expect report use-after-release
                tick
                """, "t.scn");
        assertThat(s.name()).isEqualTo("demo-1");
        assertThat(s.description()).isEqualTo("connector state under devm");
        assertThat(s.seed()).isEqualTo(16L);
        assertThat(s.policy()).isEqualTo("legacy-2020");
        assertThat(s.steps()).extracting(Step::verb).containsExactly(Verb.LOAD, Verb.PLUG, Verb.PROCESS, Verb.OPEN,
                Verb.IOCTL, Verb.TOUCH, Verb.EXPECT_ERRNO, Verb.EXPECT_REPORT, Verb.TICK);
        Step open = s.steps().get(3);
        assertThat(open.line()).isEqualTo(10);
        assertThat(open.args()).containsExactly("p1", "gpu0", "f1");
        assertThat(s.steps().get(0).options()).isEqualTo(Map.of("variant", "devm-connector-state"));
        assertThat(s.steps().get(6).args()).containsExactly("ENODEV");
        assertThat(s.steps().get(1).option("mmio")).isEqualTo("0x2000");
        assertThat(s.steps().get(0).option("variant")).isEqualTo("devm-connector-state");
        assertThat(s.steps().get(2).option("on-remove")).isEqualTo("late");
    }

    @Test
    void scriptRoundTripsThroughToScript() {
        Scenario s = ScenarioScript.parse("""
                scenario rt
                seed 7
                load vgpu variant=fixed
                plug gpu0
                open p1 gpu0 as f1
                mmap p1 f1 as m1
                expect value 3
                expect clean
                """, "rt");
        Scenario again = ScenarioScript.parse(s.toScript(), "rt2");
        assertThat(again.toScript()).isEqualTo(s.toScript());
        assertThat(again.steps()).extracting(Step::toScript)
                .containsExactly("load vgpu variant=fixed", "plug gpu0", "open p1 gpu0 as f1", "mmap p1 f1 as m1",
                        "expect value 3", "expect clean");
    }

    @Test
    void optionsLeftOutTakeTheVerbsDefaults() {
        Scenario s = ScenarioScript.parse("load vgpu\nplug gpu0\nprocess p1\nvirtual v0\nioctl p1 f1 x\n", "d.scn");
        assertThat(s.steps().get(0).option("variant")).isEqualTo("fixed");
        assertThat(s.steps().get(1).option("mmio")).isEqualTo("0x1000");
        assertThat(s.steps().get(2).option("on-remove")).isEqualTo("never");
        assertThat(s.steps().get(3).option("holder")).isEqualTo("devm");
        assertThat(s.steps().get(3).option("fix")).isEqualTo("none");
        assertThat(s.steps().get(4).option("racing")).isNull();
        assertThat(s.steps().get(0).options()).as("a default is not written back into the step").isEmpty();
        assertThatThrownBy(() -> s.steps().get(0).option("mmio")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("load has no option 'mmio'");
    }

    @Test
    void nameDefaultsToTheSource() {
        assertThat(ScenarioScript.parse("rescan\n", "file.scn").name()).isEqualTo("file.scn");
    }

    @Test
    void unknownVerbNamesLineAndColumn() {
        ScenarioSyntaxException e = parseError("plug gpu0\n  frobnicate gpu0\n");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isEqualTo(3);
        assertThat(e.sourceName()).isEqualTo("t.scn");
        assertThat(e.getMessage()).startsWith("t.scn:2:3: unknown step 'frobnicate'").contains("plug", "unplug");
    }

    @Test
    void missingKeywordIsReportedWhereItShouldBe() {
        ScenarioSyntaxException e = parseError("open p1 gpu0 f1\n");
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.column()).isEqualTo(14);
        assertThat(e.problem()).contains("expected 'as' but found 'f1'").contains("usage: open P DEVICE as F");
    }

    @Test
    void missingArgumentPointsPastTheEndOfTheLine() {
        ScenarioSyntaxException e = parseError("ioctl p1 f1   # no ioctl name\n");
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.column()).isEqualTo(13);
        assertThat(e.problem()).startsWith("missing IOCTL");
    }

    @Test
    void extraArgumentIsRefused() {
        ScenarioSyntaxException e = parseError("\n\nunplug gpu0 gpu1\n");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isEqualTo(13);
        assertThat(e.problem()).contains("unexpected 'gpu1'");
    }

    @Test
    void badOptionKeyAndValueNameTheirColumns() {
        ScenarioSyntaxException key = parseError("process p1 on-exit=now\n");
        assertThat(key.column()).isEqualTo(12);
        assertThat(key.problem()).contains("unknown option 'on-exit'").contains("on-remove");

        ScenarioSyntaxException value = parseError("process p1 on-remove=sometimes\n");
        assertThat(value.column()).isEqualTo(22);
        assertThat(value.problem()).contains("bad value 'sometimes'").contains("now, late, never");

        ScenarioSyntaxException twice = parseError("load vgpu variant=a variant=b\n");
        assertThat(twice.column()).isEqualTo(21);
        assertThat(twice.problem()).contains("given twice");

        ScenarioSyntaxException none = parseError("rescan all=yes\n");
        assertThat(none.problem()).contains("takes none");
    }

    @Test
    void badNumbersAndNamesAreRefused() {
        ScenarioSyntaxException n = parseError("plug gpu0 mmio=lots\n");
        assertThat(n.column()).isEqualTo(16);
        assertThat(n.problem()).contains("bad mmio 'lots'");

        ScenarioSyntaxException t = parseError("tick -3\n");
        assertThat(t.column()).isEqualTo(6);

        ScenarioSyntaxException name = parseError("plug 0gpu\n");
        assertThat(name.column()).isEqualTo(6);
        assertThat(name.problem()).contains("bad DEVICE '0gpu'");
    }

    @Test
    void badExpectationsAreRefused() {
        ScenarioSyntaxException kind = parseError("expect report use-after-free\n");
        assertThat(kind.column()).isEqualTo(15);
        assertThat(kind.problem()).contains("unknown report kind 'use-after-free'").contains("use-after-release");

        ScenarioSyntaxException form = parseError("expect maybe\n");
        assertThat(form.column()).isEqualTo(8);
        assertThat(form.problem()).contains("unknown expectation 'maybe'");

        ScenarioSyntaxException empty = parseError("expect\n");
        assertThat(empty.column()).isEqualTo(7);
    }

    @Test
    void headersOnlyOnceAndBeforeSteps() {
        ScenarioSyntaxException twice = parseError("scenario a\nscenario b\n");
        assertThat(twice.line()).isEqualTo(2);
        assertThat(twice.column()).isEqualTo(1);
        assertThat(twice.problem()).contains("'scenario' given twice");

        ScenarioSyntaxException late = parseError("rescan\n  seed 4\n");
        assertThat(late.line()).isEqualTo(2);
        assertThat(late.column()).isEqualTo(3);
        assertThat(late.problem()).contains("must come before the first step (line 1)");

        ScenarioSyntaxException policy = parseError("policy 2017\n");
        assertThat(policy.column()).isEqualTo(8);
        assertThat(policy.problem())
                .isEqualTo("unknown policy '2017': expected one of current, legacy-2020, release-at-deletion");
        assertThat(ScenarioScript.parse("policy release-at-deletion\nrescan\n", "p").policy())
                .isEqualTo("release-at-deletion");
    }

    @Test
    void choiceArgumentIsChecked() {
        ScenarioSyntaxException e = parseError("touch p1 m1 poke\n");
        assertThat(e.column()).isEqualTo(13);
        assertThat(e.problem()).contains("bad word 'poke'").contains("read, write");
    }

    @Test
    void nullTextIsRefusedWithTheSourceName() {
        assertThatThrownBy(() -> ScenarioScript.parse(null, "x.scn"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x.scn");
    }

    @Test
    void builderChecksEachStepLikeAScript() {
        Scenario s = Scenario.builder("java-built").seed(3).step("plug gpu0").step("unplug gpu0").build();
        assertThat(s.steps()).extracting(Step::toScript).containsExactly("plug gpu0", "unplug gpu0");
        assertThat(s.seed()).isEqualTo(3L);
        assertThatThrownBy(() -> Scenario.builder("b").step("plug").build())
                .isInstanceOf(ScenarioSyntaxException.class).hasMessageContaining("missing DEVICE");
        assertThatThrownBy(() -> Scenario.builder("bad name"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad scenario name 'bad name'");
    }

    @Test
    void theNewFormsParseAndRoundTripThroughTheirCanonicalLine() {
        Scenario s = ScenarioScript.parse("""
                open p1 vgpu0 as r1 node=render
                ioctl p1 r1 read-reg racing=vgpu0 by=remove
                remove vgpu0
                bind vgpu0 driver=vgpu
                unbind vgpu0 driver=vgpu
                workload p1 r1
                read p1 dri/1/name
                expect text vgpu   dev=vgpu0 unique=vgpu0   # a comment
                expect released vgpu0 drm_dev_unplug card0, vgpu hw fini
                expect device vgpu0 bound driver=vgpu
                expect node vgpu0 render renderD129
                """, "t.scn");
        assertThat(s.steps()).extracting(Step::verb).containsExactly(Verb.OPEN, Verb.IOCTL, Verb.REMOVE, Verb.BIND, Verb.UNBIND,
                Verb.WORKLOAD, Verb.READ, Verb.EXPECT_TEXT, Verb.EXPECT_RELEASED, Verb.EXPECT_DEVICE, Verb.EXPECT_NODE);
        assertThat(s.steps().get(1).option("by")).isEqualTo("remove");
        assertThat(s.steps().get(0).option("node")).isEqualTo("render");
        assertThat(s.steps().get(7).args()).as("the rest of the line, words joined by one blank, '=' kept")
                .containsExactly("vgpu dev=vgpu0 unique=vgpu0");
        assertThat(s.steps().get(8).args()).containsExactly("vgpu0", "drm_dev_unplug card0, vgpu hw fini");
        assertThat(s.steps().get(7).toScript()).isEqualTo("expect text vgpu dev=vgpu0 unique=vgpu0");
        Scenario again = ScenarioScript.parse(s.toScript(), "again");
        assertThat(again.steps()).extracting(Step::toScript).isEqualTo(s.steps().stream().map(Step::toScript).toList());
        assertThat(ScenarioScript.parse("ioctl p1 f1 version\n", "t").steps().get(0).option("by"))
                .as("the default removal of a race").isEqualTo("unplug");
    }

    @Test
    void theRulesBetweenOptionsAreKeptByScriptsAndByStepsBuiltInJava() {
        ScenarioSyntaxException by = parseError("ioctl p1 f1 read-reg by=unbind\n");
        assertThat(by.getMessage()).isEqualTo("t.scn:1:22: option 'by' needs racing=...: usage: ioctl P F IOCTL "
                + "[racing=DEVICE] [by=unplug|unbind|remove]");
        ScenarioSyntaxException driver = parseError("load vgpu\nexpect device vgpu0 unbound driver=vgpu\n");
        assertThat(driver.getMessage()).isEqualTo("t.scn:2:29: option 'driver' goes with 'bound' only: usage: expect device "
                + "DEVICE absent|present|unbound|bound [driver=NAME]");
        assertThatThrownBy(() -> Step.of(Verb.IOCTL, "p1", "f1", "read-reg").with("by", "remove"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("step ioctl: option 'by' needs racing=...: usage: ioctl P F IOCTL [racing=DEVICE] "
                        + "[by=unplug|unbind|remove]");
        assertThat(Step.of(Verb.IOCTL, "p1", "f1", "read-reg").with("racing", "vgpu0").with("by", "remove").toScript())
                .isEqualTo("ioctl p1 f1 read-reg racing=vgpu0 by=remove");
    }

    @Test
    void usageListsEveryForm() {
        List<String> usage = ScenarioScript.usage();
        assertThat(usage).contains("open P DEVICE as F [node=primary|render]", "expect report KIND",
                "policy current|legacy-2020|release-at-deletion", "remove DEVICE", "bind DEVICE [driver=NAME]",
                "ioctl P F IOCTL [racing=DEVICE] [by=unplug|unbind|remove]", "workload P F", "read P FILE",
                "expect text TEXT", "expect released OWNER NAMES",
                "expect device DEVICE absent|present|unbound|bound [driver=NAME]", "expect node DEVICE primary|render NAME");
    }
}
