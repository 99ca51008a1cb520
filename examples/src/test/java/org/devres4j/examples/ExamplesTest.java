package org.devres4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.devres4j.examples.gpu.GpuContextExample;
import org.devres4j.examples.serial.SerialPortExample;
import org.devres4j.examples.usb.AsyncTransferExample;
import org.devres4j.junit.DevresExtension;
import org.devres4j.junit.TestResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every example's main, run as a user would run it, with its output asserted. */
@ExtendWith(DevresExtension.class)
@Timeout(120)
class ExamplesTest {

    @Test
    void theSerialPortReaderIsWokenAndTheHandleClosedOnlyAfterTheReadLeftIt(TestResources res) throws Exception {
        Stdout out = Stdout.capture(res);
        SerialPortExample.main(new String[0]);
        List<String> lines = out.text().lines().toList();
        assertThat(lines).containsSubsequence("reader: read 'OK'", "reader: read '+CSQ: 17,99'");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("reader: reader stopped: call on 'ttyUSB0' failed:"
                + " the device was unplugged while the call was in flight (the handle threw IOException)"));
        assertThat(lines).containsSubsequence("write after unplug: DeviceGoneException", "written: [AT]",
                "native handle open: false", "closed while a read was inside it: false");
    }

    @Test
    void theUsbTransferIsCancelledAndCompletedBeforeTheInterfaceIsReleased(TestResources res) throws Exception {
        Stdout out = Stdout.capture(res);
        AsyncTransferExample.main(new String[0]);
        assertThat(out.text().lines().toList()).containsExactly(
                "transfer 1: 64 bytes",
                "unplug returned: interface claimed false",
                "transfer 2: usb1-1: transfer cancelled (device gone)",
                "transfer 3: begin transfer on 'usb1-1' refused: the device was unplugged — no call reaches its hardware"
                        + " once unplug() has started (software state stays until the last client closes)",
                "completions after the interface was released: 0");
    }

    @Test
    void theGpuContextOutlivesTheDeviceWhileTheCompositorHoldsIt(TestResources res) {
        Stdout out = Stdout.capture(res);
        GpuContextExample.main(new String[0]);
        assertThat(out.text().lines().toList()).containsExactly(
                "after unplug: BAR mapped false, context still readable: [frame-1, frame-2] (last fence 2)",
                "render after unplug: call on 'card0' refused: the device was unplugged — no call reaches its hardware"
                        + " once unplug() has started (software state stays until the last client closes)",
                "context freed after 2 frame(s)",
                "context after the last close: UseAfterReleaseException",
                "released: true");
    }

    @Test
    void theQuickStartPrintsWhatTheReadmeSays(TestResources res) {
        Stdout out = Stdout.capture(res);
        QuickStart.main(new String[0]);
        assertThat(out.text().lines().toList()).containsExactly(
                "stream stopped on video0",
                "run on 'video0' refused: the device was unplugged — no call reaches its hardware once unplug() has"
                        + " started (software state stays until the last client closes)",
                "still readable: frame 1 from video0",
                "released: true");
    }

    @Test
    void theReadmeShowsTheQuickStartVerbatim() throws IOException {
        String code = block(Path.of("src/main/java/org/devres4j/examples/QuickStart.java"), "// --- readme begins", "// --- readme ends");
        String readme = Files.readString(Path.of("..", "README.md"));
        assertThat(readme).as("README 'Use it' shows QuickStart.java's example").contains(dedent(code));
        assertThat(code.lines().filter(l -> !l.isBlank()).count()).as("the README example's length").isLessThanOrEqualTo(20);
    }

    @Test
    void theSerialPortUserCodeTakesAtMostThirtyLines() throws IOException {
        long serial = userCodeLines("serial/SerialPortExample.java");
        long usb = userCodeLines("usb/AsyncTransferExample.java");
        long gpu = userCodeLines("gpu/GpuContextExample.java");
        System.out.printf("user code lines (non-blank, not comment-only): serial %d, usb %d, gpu %d%n", serial, usb, gpu);
        assertThat(serial).isLessThanOrEqualTo(30);
        assertThat(usb).isPositive();
        assertThat(gpu).isPositive();
    }

    /** Lines between the markers that are neither blank nor comments only (Javadoc included). */
    static long userCodeLines(String file) throws IOException {
        String code = block(Path.of("src/main/java/org/devres4j/examples", file), "// --- user code begins", "// --- user code ends");
        return code.lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("//") && !l.startsWith("/*") && !l.startsWith("*"))
                .count();
    }

    private static String block(Path file, String begin, String end) throws IOException {
        String text = Files.readString(file);
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        assertThat(b).as("marker '%s' in %s", begin, file).isNotNegative();
        assertThat(e).as("marker '%s' in %s", end, file).isGreaterThan(b);
        int from = text.indexOf('\n', b) + 1;
        int to = text.lastIndexOf('\n', e) + 1;
        return text.substring(from, to);
    }

    private static String dedent(String code) {
        int indent = code.lines().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder sb = new StringBuilder();
        code.lines().forEach(l -> sb.append(l.isBlank() ? "" : l.substring(indent)).append('\n'));
        return sb.toString();
    }
}
