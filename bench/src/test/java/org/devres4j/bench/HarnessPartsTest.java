package org.devres4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Args, CpuShare, Interleave's warm-up rule and unit conversion, SharedArenas. */
class HarnessPartsTest {

    @Test
    void argsRefuseUnknownMissingAndRepeatedOptions() {
        List<String> flags = List.of("--quick");
        List<String> options = List.of("--out", "--steps");
        Args a = new Args("T", new String[] {"--quick", "--out", "dir", "--steps", "7"}, flags, options);
        assertThat(a.flag("--quick")).isTrue();
        assertThat(a.required("--out")).isEqualTo("dir");
        assertThat(a.positiveInt("--steps", 1)).isEqualTo(7);
        assertThat(new Args("T", new String[0], flags, options).value("--out", "x")).isEqualTo("x");

        assertThatThrownBy(() -> new Args("T", new String[] {"--fast"}, flags, options))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("T: unknown argument '--fast'");
        assertThatThrownBy(() -> new Args("T", new String[] {"--out"}, flags, options))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("T: --out needs a value");
        assertThatThrownBy(() -> new Args("T", new String[] {"--out", "--quick"}, flags, options))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("T: --out needs a value");
        assertThatThrownBy(() -> new Args("T", new String[] {"--quick", "--quick"}, flags, options))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("T: --quick given twice");
        assertThatThrownBy(() -> new Args("T", new String[0], flags, options).required("--out"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("T: --out is required");
        assertThatThrownBy(() -> new Args("T", new String[] {"--steps", "-3"}, flags, options).positiveInt("--steps", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("T: --steps must be a positive integer, got '-3'");
    }

    @Test
    void theCpuShareIsCpuTimeOverWallTimePerThread() {
        assertThat(CpuShare.share(500, 1000, 1)).isEqualTo(0.5);
        assertThat(CpuShare.share(1000, 1000, 2)).isEqualTo(0.5);
        assertThatThrownBy(() -> CpuShare.share(-1, 1000, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got cpu -1 ns, wall 1000 ns, 1 threads");
        assertThatThrownBy(() -> CpuShare.share(1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void warmUpSettlesOnTheMedianChangeSoOneNoisyMemberCannotHoldItBack() {
        Map<String, Double> before = Map.of("a", 10.0, "b", 20.0, "lock", 100.0);
        assertThat(Interleave.settled(before, Map.of("a", 10.5, "b", 19.0, "lock", 300.0), 0.10)).isTrue();
        assertThat(Interleave.settled(before, Map.of("a", 12.0, "b", 24.0, "lock", 100.0), 0.10)).isFalse();
        assertThat(Interleave.settled(Map.of(), Map.of("a", 10.0), 0.10)).isFalse();
    }

    @Test
    void jmhScoresBecomeNanosecondsPerOperation() {
        assertThat(Interleave.nanosPerOp(2, "us/op", "x")).isEqualTo(2000);
        assertThat(Interleave.nanosPerOp(1000, "ops/s", "x")).isEqualTo(1e6);
        assertThat(Interleave.nanosPerOp(5, "ns/op", "x")).isEqualTo(5);
        assertThatThrownBy(() -> Interleave.nanosPerOp(1, "furlongs", "FuzzBench.fuzz"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("interleave: unknown JMH score unit 'furlongs' of FuzzBench.fuzz");
    }

    @Test
    void sharedArenasAreThereFromJava22() {
        Optional<SharedArenas> arenas = SharedArenas.find();
        assertThat(arenas.isPresent()).isEqualTo(Runtime.version().feature() >= 22);
        assertThat(SharedArenas.unavailableReason()).contains("needs Java 22+").contains("Java " + Runtime.version().feature());
    }

    @Test
    void aQuickRunTakesFewerArenaClosesButKeepsTheGatesSamplesForItsP99Rows() {
        ShutLatency.GateTarget gate = new ShutLatency.GateTarget();
        ShutLatency.ArenaTarget arena = new ShutLatency.ArenaTarget(null); // samples() does not touch the arenas
        for (int readers : ShutLatency.READERS) {
            assertThat(gate.samples(true, readers)).as("gate, quick, %d readers: p99 = the 40th largest", readers).isEqualTo(4_000);
            assertThat(gate.samples(false, readers)).isEqualTo(20_000);
            assertThat(arena.samples(false, readers)).as("a full run: the gate's count").isEqualTo(20_000);
        }
        assertThat(arena.samples(true, 0)).as("batches of 64 closes").isEqualTo(100);
        assertThat(arena.samples(true, 1)).isEqualTo(400);
        assertThat(arena.samples(true, 2)).isEqualTo(400);
    }

    @Test
    void aClosedArenaRefusesItsReaders() {
        assumeThat(Runtime.version().feature()).as("java.lang.foreign is final from Java 22").isGreaterThanOrEqualTo(22);
        SharedArenas arenas = SharedArenas.find().orElseThrow();
        SharedArenas.Open open = arenas.open();
        assertThat(arenas.read(open)).isZero();
        arenas.close(open);
        assertThat(arenas.read(open)).isEqualTo(-1);
    }
}
