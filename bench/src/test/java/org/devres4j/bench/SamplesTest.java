package org.devres4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SamplesTest {

    @TempDir
    Path dir;

    @Test
    void valuesWrittenPerPartAreReadBackPerPart() throws Exception {
        Samples s = new Samples();
        s.put("gate", "GateBench.enterExit", 1, "cpu.ns", 12.5);
        s.put("gate", "GateBench.enterExit", 2, "cpu.ns", 13.25);
        s.put("gate", "GateBench.enterExit", 1, "cpu.share", 0.5);
        s.put("drm", "DrmBench.ioctlGuarded", 1, "cpu.ns", 40);
        s.write(dir, "gate", "a comment\nover two lines");
        s.write(dir, "drm", "drm");

        assertThat(Files.readString(dir.resolve("gate.tsv"))).startsWith("# a comment\n# over two lines\n").doesNotContain("DrmBench");
        Samples back = Samples.readDir(dir);
        assertThat(back.rounds("gate", "GateBench.enterExit", "cpu.ns")).isEqualTo(Map.of(1, 12.5, 2, 13.25));
        assertThat(back.rounds("drm", "DrmBench.ioctlGuarded", "cpu.ns")).isEqualTo(Map.of(1, 40.0));
        assertThat(back.rounds("gate", "GateBench.atomicPair", "cpu.ns")).isEmpty();
        assertThat(back.all("cpu.share")).containsExactly(0.5);
    }

    @Test
    void aMissingFolderReadsAsNoSamples() {
        assertThat(Samples.readDir(dir.resolve("absent")).isEmpty()).isTrue();
    }

    @Test
    void aMalformedLineIsRefusedWithItsFileAndLine() throws Exception {
        Files.writeString(dir.resolve("gate.tsv"), "# header\nGateBench.enterExit\t1\tcpu.ns\n");
        assertThatThrownBy(() -> Samples.readDir(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gate.tsv:2: expected 4 tab-separated fields (member round metric value), got 3");

        Files.writeString(dir.resolve("gate.tsv"), "GateBench.enterExit\tone\tcpu.ns\t12\n");
        assertThatThrownBy(() -> Samples.readDir(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gate.tsv:1: round 'one' or value '12' is not a number");

        Files.writeString(dir.resolve("gate.tsv"), "m\t1\tns\t1\nm\t1\tns\t2\n");
        assertThatThrownBy(() -> Samples.readDir(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gate.tsv:2: samples: gate/m ns round 1 was recorded twice");
    }

    @Test
    void badValuesAreRefusedAndLeaveTheSamplesAsTheyWere() {
        Samples s = new Samples();
        s.put("p", "m", 1, "ns", 1);
        assertThatThrownBy(() -> s.put("p", "m", 0, "ns", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("p/m ns: rounds count from 1, got 0");
        assertThatThrownBy(() -> s.put("p", "m", 2, "ns", Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value NaN is not a finite number");
        assertThatThrownBy(() -> s.put("p", "a\tb", 2, "ns", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without tabs or line breaks");
        assertThatThrownBy(() -> s.put("p", "m", 1, "ns", 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("round 1 was recorded twice");
        assertThat(s.rounds("p", "m", "ns")).isEqualTo(Map.of(1, 1.0));
        assertThat(s.all("ns")).isEqualTo(List.of(1.0));
    }
}
