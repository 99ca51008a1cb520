package org.devres4j.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.devres4j.core.IllegalReferenceCountException;
import org.devres4j.core.TraceEvent;
import org.devres4j.core.UseAfterReleaseException;
import org.junit.jupiter.api.Test;

/** The refcounted, drmm-like software half of the reference driver. */
class StatsHistoryTest {

    private static NetSample sample(long n) {
        return new NetSample("veth0", n, n, n, n, n, "up", 1500);
    }

    @Test
    void itKeepsTheNewestSamplesAndIsReleasedOnceAtTheLastPut() {
        List<TraceEvent> trace = new ArrayList<>();
        StatsHistory h = StatsHistory.create("veth0", 2, trace::add);
        h.append(sample(1));
        h.append(sample(2));
        h.append(sample(3));
        assertThat(h.samples()).extracting(NetSample::rxPackets).containsExactly(2L, 3L);
        assertThat(h.appended()).isEqualTo(3);
        assertThat(h.tryGet()).isTrue(); // a client
        h.put();                         // the binding lets go
        assertThat(h.isReleased()).isFalse();
        assertThat(h.latest()).get().extracting(NetSample::rxPackets).isEqualTo(3L);

        h.close();                       // the client lets go: the last put
        assertThat(h.isReleased()).isTrue();
        assertThat(trace).extracting(e -> e.verb() + " " + e.name()).containsExactly("ADD samples", "REL samples");
        assertThat(h.latest()).isEmpty();
        h.append(sample(4)); // an append after the release is dropped, never a use after free
        assertThatThrownBy(h::samples).isInstanceOf(UseAfterReleaseException.class);
        assertThatThrownBy(h::put).isInstanceOf(IllegalReferenceCountException.class);
        assertThat(h.tryGet()).isFalse();
        assertThat(trace).hasSize(2);
    }

    @Test
    void aCapacityBelowOneIsRefused() {
        assertThatThrownBy(() -> StatsHistory.create("veth0", 0, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("StatsHistory of 'veth0': capacity 0 is refused: it must be at least 1");
        assertThatThrownBy(() -> new NetStatsDriver("n", DeviceMatch.name("*"), 0, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("NetStatsDriver 'n': history capacity 0 is refused: it must be at least 1");
        NetStatsDriver d = new NetStatsDriver("n", DeviceMatch.name("*"), 1, null);
        assertThatThrownBy(() -> d.startSampling(0, java.time.Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("startSampling of driver 'n': 0 threads every PT0S is refused: at least 1 thread and a period of zero or more");
    }
}
