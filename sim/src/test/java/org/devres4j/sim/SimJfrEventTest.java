package org.devres4j.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator's events are also JFR events ({@code devres4j.SimEvent}) whenever a recording enables them. */
class SimJfrEventTest {

    @TempDir
    Path dir;

    @Test
    void aRecordingSeesTheRunsEventsWithTheirTypedFields() throws Exception {
        Path file = dir.resolve("run.jfr");
        RunResult r;
        try (Recording rec = new Recording()) {
            rec.enable("devres4j.SimEvent");
            rec.start();
            r = ScenarioRunner.run(Scenarios.find("drmm-sysfs:fixed").orElseThrow(), RunOptions.defaults());
            rec.stop();
            rec.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("devres4j.SimEvent")).toList();
        assertThat(events).hasSize(r.events().size());
        assertThat(events).anySatisfy(e -> {
            assertThat(e.getString("verb")).isEqualTo("PLUG");
            assertThat(e.getString("ownerKind")).isEqualTo("hardware");
            assertThat(e.getString("owner")).isEqualTo("vgpu0");
            assertThat(e.getInt("order")).isEqualTo(1);
            assertThat(e.getString("effect")).isEqualTo("begin");
        });
    }
}
