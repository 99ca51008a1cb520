package org.devres4j.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every step records its own result: {@code expect ok} after a close checks the close, not the ioctl before
 * it; sysfs writes by driver name answer the kernel's errnos; a process's own reactions (a close on a uevent,
 * a workload's call) never overwrite the step's result.
 */
class StepResultTest {

    @Test
    void aCloseAfterAFailedIoctlRecordsItsOwnOk() {
        RunResult r = Seeded.run("""
                load vgpu
                plug vgpu0
                process p1
                open p1 vgpu0 as f1
                unplug vgpu0
                ioctl p1 f1 read-reg
                expect errno ENODEV
                close p1 f1
                expect ok
                """);
        assertThat(r.failedExpectations()).as(r.toText()).isEmpty();
        // and the same close with an errno expected fails: the check is about the close
        RunResult wrong = Seeded.run("load vgpu\nplug vgpu0\nprocess p1\nopen p1 vgpu0 as f1\nunplug vgpu0\n"
                + "ioctl p1 f1 read-reg\nclose p1 f1\nexpect errno ENODEV\n");
        assertThat(wrong.failedExpectations()).containsExactly("line 8: expect errno ENODEV — the previous step returned ok");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"unbind vgpu0", "unplug vgpu0", "remove vgpu0", "rescan", "plug vgpu1", "exit p1", "tick 3",
        "irq vgpu0", "process p2"})
    void everyStepAfterAFailedCallRecordsItsOwnResult(String step) {
        RunResult r = Seeded.run("load vgpu\nplug vgpu0\nprocess p1\nopen p1 vgpu0 as f1\nunplug vgpu0\nplug vgpu0\n"
                + "ioctl p1 f1 version\nexpect errno ENODEV\n" + step + "\nexpect ok\n");
        assertThat(r.failedExpectations()).as(r.toText()).isEmpty();
    }

    @Test
    void aBindAfterAFailedCallRecordsItsOwnResultToo() {
        RunResult r = Seeded.run("load vgpu\nplug vgpu0\nprocess p1\nopen p1 vgpu0 as f1\nunbind vgpu0\n"
                + "ioctl p1 f1 version\nexpect errno ENODEV\nbind vgpu0\nexpect ok\n");
        assertThat(r.failedExpectations()).as(r.toText()).isEmpty();
    }

    @Test
    void aCloseWhoseLastPutBreaksReturnsAFault() {
        RunResult r = Seeded.run("load vgpu variant=devm-connector-state\nplug vgpu0\nprocess p1\nopen p1 vgpu0 as f1\n"
                + "unbind vgpu0\nclose p1 f1\nexpect ok\n");
        assertThat(r.failedExpectations()).containsExactly("line 7: expect ok — the previous step returned FAULT");
        assertThat(r.has(ReportKind.USE_AFTER_RELEASE)).isTrue();
    }

    @Test
    void aReactionToTheStepDoesNotBecomeItsResult() {
        // p1 closes at once on the removal uevent; its close is its own, the unplug's result stays ok
        RunResult r = Seeded.run("load vgpu variant=devm-connector-state\nplug vgpu0\nprocess p1 on-remove=now\n"
                + "open p1 vgpu0 as f1\nprocess p2\nopen p2 vgpu0 as f2\nclose p2 f2\nunbind vgpu0\nexpect ok\n");
        assertThat(Lines.of(r)).as(r.toText()).anyMatch(l -> l.contains("CLOSE p1 #1 f1") && l.contains("FAULT"));
        assertThat(r.failedExpectations()).as(r.toText()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "load vgpu; plug vgpu0; bind vgpu0 driver=vgpu                  | EBUSY",
        "load vgpu; load simple; plug vgpu0; unbind vgpu0; bind vgpu0 driver=simple | ENODEV",
        "load vgpu; plug vgpu0; unbind vgpu0; bind vgpu0 driver=panel   | ENODEV",
        "load vgpu; plug vgpu0; remove vgpu0; bind vgpu0 driver=vgpu    | ENODEV",
        "load vgpu; load simple; plug vgpu0; unbind vgpu0 driver=simple | ENODEV",
        "load vgpu; plug vgpu0; unbind vgpu0; unbind vgpu0 driver=vgpu  | ENODEV",
    })
    void sysfsWritesByDriverNameAnswerTheKernelsErrno(String script, String errno) {
        RunResult r = Seeded.run(script.replace("; ", "\n") + "\nexpect errno " + errno + "\n");
        assertThat(r.failedExpectations()).as(r.toText()).isEmpty();
        assertThat(r.error()).isNull();
    }

    @Test
    void sysfsWritesByDriverNameBindAndUnbindLikeTheDevicesOwnFiles() {
        RunResult r = Seeded.run("""
                load vgpu
                plug vgpu0
                unbind vgpu0 driver=vgpu
                expect ok
                expect device vgpu0 unbound
                bind vgpu0 driver=vgpu
                expect ok
                expect device vgpu0 bound driver=vgpu
                expect clean
                """);
        assertThat(r.failedExpectations()).as(r.toText()).isEmpty();
        assertThat(r.outcome()).isEqualTo(Outcome.CLEAN);
    }

    @Test
    void everyIoctlOfAnUnpluggedDeviceAnswersEnodevAndTheCloseStillWorks() {
        StringBuilder s = new StringBuilder("load vgpu\nplug vgpu0\nprocess p1\nopen p1 vgpu0 as f1\n"
                + "open p1 vgpu0 as r1 node=render\nunplug vgpu0\n");
        for (String ioctl : new String[] {"version", "get-connector", "read-reg", "write-reg", "create-buffer",
            "vblank-count", "flush"}) {
            s.append("ioctl p1 f1 ").append(ioctl).append("\nexpect errno ENODEV\n");
            s.append("ioctl p1 r1 ").append(ioctl).append("\nexpect errno ENODEV\n");
        }
        s.append("mmap p1 f1 as m1\nexpect errno ENODEV\nclose p1 r1\nexpect ok\nclose p1 f1\nexpect ok\nexpect clean\n");
        RunResult r = Seeded.run(s.toString());
        assertThat(r.failedExpectations()).as(r.toText()).isEmpty();
        assertThat(r.outcome()).isEqualTo(Outcome.CLEAN);
    }
}
