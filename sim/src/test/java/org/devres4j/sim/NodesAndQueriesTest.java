package org.devres4j.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Render-node opens, the debugfs name file, and the scenario queries — {@code expect device}, {@code expect
 * node}, {@code expect released}, {@code expect text} — each holding on the world it describes and failing with
 * what the world looks like instead.
 */
class NodesAndQueriesTest {

    @Test
    void aRenderNodeFileIsRefusedTheIoctlsNotAllowedThereAndIsOtherwiseLikeThePrimary() {
        RunResult r = Seeded.run("""
                load vgpu
                plug vgpu0
                expect node vgpu0 primary card0
                expect node vgpu0 render renderD128
                process p1
                open p1 vgpu0 as r1 node=render
                expect ok
                ioctl p1 r1 version
                expect value 1
                ioctl p1 r1 read-reg
                expect value 1
                ioctl p1 r1 get-connector
                expect errno EACCES
                ioctl p1 r1 vblank-count
                expect errno EACCES
                mmap p1 r1 as m1
                expect ok
                touch p1 m1 write
                expect value written
                close p1 r1
                expect ok
                expect clean
                """);
        assertThat(r.failedExpectations()).as(r.toText()).isEmpty();
        assertThat(Lines.of(r)).anyMatch(l -> l.contains("OPEN p1 #1 r1") && l.contains("vgpu0 (render node) -> ok"));
    }

    @Test
    void aDriverWithoutTheRenderFeatureHasNoRenderNode() {
        RunResult r = Seeded.run("""
                load simple
                plug simple0
                expect node simple0 render none
                process p1
                open p1 simple0 as r1 node=render
                expect errno ENOENT
                load sensor
                plug sensor0
                open p1 sensor0 as s1 node=render
                expect errno ENOENT
                """);
        assertThat(r.failedExpectations()).as(r.toText()).isEmpty();
    }

    @Test
    void theNameFileReadsTheDriverAndParentWhileRegisteredAndIsGoneAfterTheUnbind() {
        RunResult r = Seeded.run("""
                load vgpu
                plug vgpu0
                process p1
                read p1 dri/0/name
                expect text vgpu dev=vgpu0 unique=vgpu0
                unbind vgpu0
                read p1 dri/0/name
                expect errno ENOENT
                read p1 dri/7/name
                expect errno ENOENT
                """);
        assertThat(r.failedExpectations()).as(r.toText()).isEmpty();
        assertThat(Lines.of(r)).anyMatch(l -> l.contains("READ p1 dri/0/name (-> ok:vgpu dev=vgpu0 unique=vgpu0)"));
    }

    @Test
    void readOfAFileTheSimulatorDoesNotHaveIsAScenarioError() {
        RunResult r = Seeded.run("process p1\nread p1 dri/0/state\n");
        assertThat(r.error()).isEqualTo("line 2: read dri/0/state: the simulator's readable files are the DRM debugfs name "
                + "files dri/<minor>/name (e.g. dri/0/name)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "load vgpu; plug vgpu0; expect device vgpu0 absent           | line 3: expect device vgpu0 absent — vgpu0 is on bus sim, bound to vgpu",
        "load vgpu; plug vgpu0; expect device vgpu0 unbound          | line 3: expect device vgpu0 unbound — vgpu0 is on bus sim, bound to vgpu",
        "load vgpu; plug vgpu0; expect device vgpu0 bound driver=simple | line 3: expect device vgpu0 bound driver=simple — vgpu0 is on bus sim, bound to vgpu",
        "plug vgpu0; expect device vgpu0 bound                       | line 2: expect device vgpu0 bound — vgpu0 is on bus sim, unbound",
        "load vgpu; plug vgpu0; remove vgpu0; expect device vgpu0 present | line 4: expect device vgpu0 present — vgpu0 is absent from bus sim (removed at step 3 (line 3: remove vgpu0); its hardware is present)",
        "load vgpu; plug vgpu0; unplug vgpu0; expect device vgpu0 present | line 4: expect device vgpu0 present — vgpu0 is absent from bus sim (unplugged at step 3 (line 3: unplug vgpu0))",
        "load vgpu; plug vgpu0; expect device vgpu9 absent           | line 3: expect device vgpu9 absent — no device 'vgpu9' was ever plugged or created",
        "load vgpu; plug vgpu0; expect node vgpu0 primary card1      | line 3: expect node vgpu0 primary card1 — vgpu0's primary node is card0 (card0, minor 0, /dev/dri/card0)",
        "load vgpu; plug vgpu0; expect node vgpu0 render none        | line 3: expect node vgpu0 render none — vgpu0's render node is renderD128 (card0, minor 128, /dev/dri/renderD128)",
        "load vgpu; plug vgpu0; unbind vgpu0; expect node vgpu0 primary card0 | line 4: expect node vgpu0 primary card0 — vgpu0 has no registered DRM device, so no primary node",
        "load simple; plug simple0; expect node simple0 render renderD128 | line 3: expect node simple0 render renderD128 — card0 of simple0 has no render node",
        "load vgpu; plug vgpu0; expect node vgpu7 primary none       | line 3: expect node vgpu7 primary none — no device 'vgpu7' was ever plugged or created",
        "load vgpu; plug vgpu0; process p1; read p1 dri/0/name; expect text vgpu dev=vgpu1 unique=vgpu1 | line 5: expect text vgpu dev=vgpu1 unique=vgpu1 — the previous step returned ok:vgpu dev=vgpu0 unique=vgpu0",
        "load vgpu; plug vgpu0; unbind vgpu0; expect released vgpu0 iounmap vgpu0:bar0, vgpu hw fini | line 4: expect released vgpu0 iounmap vgpu0:bar0, vgpu hw fini — no release of 'vgpu hw fini' after 'iounmap vgpu0:bar0' on vgpu0's list; the step released on vgpu0, in order: drm_dev_unplug card0, sysfs remove tile0, free_irq 32 vgpu, vgpu hw fini, devm_drm_dev_init_release card0, iounmap vgpu0:bar0",
        "load vgpu; plug vgpu0; unbind vgpu0; expect released vgpu0 vgpu connector state | line 4: expect released vgpu0 vgpu connector state — no release of 'vgpu connector state' on vgpu0's list; the step released on vgpu0, in order: drm_dev_unplug card0, sysfs remove tile0, free_irq 32 vgpu, vgpu hw fini, devm_drm_dev_init_release card0, iounmap vgpu0:bar0; 'vgpu connector state' was released on card0's list",
        "load vgpu variant=devm-connector-state; plug vgpu0; unbind vgpu0; expect released card0 vgpu connector state | line 4: expect released card0 vgpu connector state — no release of 'vgpu connector state' on card0's list; the step released on card0, in order: vgpu connector destroy, connector-cleanup Virtual-1, encoder-cleanup Virtual, crtc-cleanup crtc-0, plane-cleanup primary, drm_mode_config_cleanup, ordered worker vgpu-flush, mutex vgpu modeset, vgpu vblank counter, drm_dev_init_release; 'vgpu connector state' was released on vgpu0's list",
        "load vgpu; plug vgpu0; process p1; open p1 vgpu0 as f1; unbind vgpu0; expect released card0 drm_dev_init_release | line 6: expect released card0 drm_dev_init_release — no release of 'drm_dev_init_release' on card0's list; the step released nothing of card0",
    })
    void aQueryThatDoesNotHoldSaysWhatTheWorldLooksLikeInstead(String script, String failed) {
        RunResult r = Seeded.run(script.replace("; ", "\n"));
        assertThat(r.error()).as(r.toText()).isNull();
        assertThat(r.failedExpectations()).as(r.toText()).containsExactly(failed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a,,b", "a, ,b", "a,b,", ",a"})
    void anEmptyNameInExpectReleasedIsRefusedWhenTheScriptIsParsed(String names) {
        String script = "load vgpu\nplug vgpu0\nunbind vgpu0\nexpect released vgpu0 " + names + "\n";
        assertThatThrownBy(() -> ScenarioScript.parse(script, "t.scn")).isInstanceOf(ScenarioSyntaxException.class)
                .hasMessageEndingWith("t.scn:4:23: bad NAMES '" + names + "': an item between commas "
                        + "is empty (separate the items with one comma each)");
    }

    @Test
    void queriesThatHold() {
        RunResult r = Seeded.run("""
                load vgpu
                plug vgpu0
                expect device vgpu0 present
                expect device vgpu0 bound
                expect device vgpu0 bound driver=vgpu
                unbind vgpu0
                expect released vgpu0 drm_dev_unplug card0, vgpu hw fini, iounmap vgpu0:bar0
                expect released card0 vgpu connector destroy, vgpu connector state, drm_dev_init_release
                expect device vgpu0 unbound
                expect node vgpu0 primary none
                expect node vgpu0 render none
                bind vgpu0
                expect node vgpu0 primary card0
                remove vgpu0
                expect device vgpu0 absent
                """);
        assertThat(r.failedExpectations()).as(r.toText()).isEmpty();
        assertThat(r.error()).isNull();
    }
}
