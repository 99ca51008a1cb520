package org.devres4j.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.devres4j.sim.Event.Effect;
import org.devres4j.sim.Event.Owner;
import org.devres4j.sim.Event.OwnerKind;
import org.junit.jupiter.api.Test;

/**
 * A report names the resource it concerns as the events name it ({@link Report.Subject}): the owner and order
 * of an {@code ADD} of the same run, and the owner whose release should have ended it — what the HTML
 * timeline needs to put the finding on the right bar and draw the lifetime it should have had.
 */
class ReportSubjectTest {

    private static RunResult run(String name) throws Exception {
        return ScenarioRunner.run(Scenarios.resolve(name), RunOptions.defaults());
    }

    /** @return the event that began the subject's lifetime last before the report's step */
    private static Optional<Event> begin(RunResult r, Report.Subject s) {
        return r.events().stream().filter(e -> e.effect() == Effect.BEGIN && e.owner().equals(s.owner())
                && e.order() == s.order()).reduce((a, b) -> b);
    }

    @Test
    void theDrmmMappingIsNamedWithTheDeviceWhoseUnbindShouldHaveUndoneIt() throws Exception {
        RunResult r = run("drmm-mmio");

        assertThat(r.reports()).hasSize(2).allSatisfy(rep -> {
            Report.Subject s = rep.subject();
            assertThat(s).as(rep.toText()).isNotNull();
            assertThat(s.owner()).isEqualTo(new Owner(OwnerKind.DRM, "card0"));
            assertThat(begin(r, s)).as("an ADD of the run names it").hasValueSatisfying(e ->
                    assertThat(e.name()).isEqualTo("vgpu hw fini + iounmap"));
            assertThat(s.lifetimeOwner()).isEqualTo(new Owner(OwnerKind.DEVICE, "vgpu0"));
        });
        assertThat(r.reports().get(0).toJson()).contains("\"resource\":{\"owner\":\"card0\",\"kind\":\"drm\",\"order\":"
                + r.reports().get(0).subject().order() + ",\"lifetimeOwner\":{\"owner\":\"vgpu0\",\"kind\":\"device\"}}");
    }

    @Test
    void devmStateUsedAfterUnbindIsNamedOnTheDevresListWithNoOtherOwner() throws Exception {
        RunResult r = run("devm-connector-state");

        Report.Subject s = r.reports().get(0).subject();
        assertThat(s.owner()).isEqualTo(new Owner(OwnerKind.DEVICE, "vgpu0"));
        assertThat(begin(r, s)).hasValueSatisfying(e -> assertThat(e.name()).isEqualTo("vgpu connector state"));
        assertThat(s.lifetimeOwner()).as("it should have lived at least until its use").isNull();
        assertThat(r.reports().get(0).toJson()).contains("\"lifetimeOwner\":null");
    }

    @Test
    void theSysfsRemovalOnDrmmAndTheEndedBindingsAreNamed() throws Exception {
        Report.Subject sysfs = run("drmm-sysfs").reports().get(0).subject();
        assertThat(sysfs.owner()).isEqualTo(new Owner(OwnerKind.DRM, "card0"));
        assertThat(sysfs.lifetimeOwner()).isEqualTo(new Owner(OwnerKind.DEVICE, "vgpu0"));

        RunResult leaks = run("release-at-delete");
        assertThat(leaks.reports()).hasSize(2);
        List<Report.Subject> subjects = leaks.reports().stream().map(Report::subject).toList();
        assertThat(subjects).allSatisfy(s -> {
            assertThat(s.owner()).isEqualTo(new Owner(OwnerKind.DEVICE, "simple0"));
            assertThat(s.lifetimeOwner()).as("its own binding's end should have released it").isEqualTo(s.owner());
        });
        assertThat(subjects.get(1).order()).as("each report names a resource of the binding that just ended")
                .isGreaterThan(subjects.get(0).order());
        assertThat(begin(leaks, subjects.get(1))).hasValueSatisfying(e -> assertThat(e.name()).contains("card1"));
    }

    @Test
    void theLoopIsNamedByTheDevresLinkOfTheDeletedDevice() throws Exception {
        Report.Subject s = run("virtual-device-loop").reports().get(0).subject();

        assertThat(s.owner()).isEqualTo(new Owner(OwnerKind.DEVICE, "vkms0"));
        assertThat(s.order()).isPositive();
        assertThat(s.lifetimeOwner()).isEqualTo(s.owner());
    }

    @Test
    void everyBuggyBuiltInNamesAResourceOfItsOwnRun() {
        for (Scenarios.BuiltIn b : Scenarios.list()) {
            RunResult r = ScenarioRunner.run(b.buggy(), RunOptions.defaults());
            for (Report rep : r.reports()) {
                if (rep.subject() != null) {
                    assertThat(begin(r, rep.subject())).as(b.name() + ": " + rep.toText()).isPresent();
                }
            }
            assertThat(r.reports()).as(b.name()).anyMatch(rep -> rep.subject() != null);
        }
    }

    @Test
    void aSubjectRefusesANegativeOrderAndAReportWithoutOneKeepsItsJson() {
        Owner card = new Owner(OwnerKind.DRM, "card0");
        assertThatThrownBy(() -> new Report.Subject(card, -1, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Report.Subject of card0: the order must be at least 0 (0 is the owner itself), got -1");
        assertThatThrownBy(() -> new Report.Subject(null, 1, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("Report.Subject: the owner must not be null");
        Report plain = new Report(ReportKind.EEXIST, "x", "", "", "", "", List.of(), 1, 1);
        assertThat(plain.subject()).isNull();
        assertThat(plain.toJson()).doesNotContain("resource");
    }

    @Test
    void theKernelVerbsMapToTheirEffects() {
        assertThat(Effect.ofKernelVerb("ADD")).isEqualTo(Effect.BEGIN);
        assertThat(Effect.ofKernelVerb("ALLOC")).isEqualTo(Effect.BEGIN);
        assertThat(Effect.ofKernelVerb("DEVICE-ADD")).isEqualTo(Effect.BEGIN);
        assertThat(Effect.ofKernelVerb("REL")).isEqualTo(Effect.END);
        assertThat(Effect.ofKernelVerb("FREE")).isEqualTo(Effect.END);
        assertThat(Effect.ofKernelVerb("DEVICE-FREE")).isEqualTo(Effect.END);
        assertThat(Effect.ofKernelVerb("DEL")).isEqualTo(Effect.DROP);
        assertThat(Effect.ofKernelVerb("FAIL")).isEqualTo(Effect.FAIL);
        assertThat(Effect.ofKernelVerb("BIND")).isEqualTo(Effect.NONE);
    }
}
