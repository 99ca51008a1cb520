package org.devres4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.devres4j.bench.Stats.Summary;
import org.devres4j.bench.Stats.Target;
import org.devres4j.bench.Stats.Verdict;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void theIntervalIsTheWidestOrderStatisticPairBelowNinetyPercentCoverage() {
        assertThat(Stats.orderStatistic(3)).isEqualTo(1);   // 75%: nothing reaches 90%, full range
        assertThat(Stats.orderStatistic(5)).isEqualTo(1);   // min–max, 93.75%
        assertThat(Stats.orderStatistic(6)).isEqualTo(1);   // 96.9%; j=2 would be 78%
        assertThat(Stats.orderStatistic(10)).isEqualTo(2);  // 97.9%; j=3 would be 89%
        assertThat(Stats.orderStatistic(20)).isEqualTo(6);  // 95.9%; j=7 would be 88.5%
        assertThat(Stats.coverage(5)).isCloseTo(1 - 2.0 / 32, within(1e-12));
        assertThat(Stats.coverage(10)).isCloseTo(1 - 2 * 11.0 / 1024, within(1e-12));
    }

    @Test
    void summarizeGivesTheMedianAndTheOrderStatisticInterval() {
        Summary five = Stats.summarize(List.of(5.0, 1.0, 4.0, 2.0, 3.0));
        assertThat(five.median()).isEqualTo(3.0);
        assertThat(five.lo()).isEqualTo(1.0);
        assertThat(five.hi()).isEqualTo(5.0);
        assertThat(five.n()).isEqualTo(5);
        assertThat(five.exact()).isFalse();

        Summary ten = Stats.summarize(List.of(10.0, 1.0, 9.0, 2.0, 8.0, 3.0, 7.0, 4.0, 6.0, 5.0));
        assertThat(ten.median()).isEqualTo(5.5);
        assertThat(ten.lo()).isEqualTo(2.0); // the second smallest
        assertThat(ten.hi()).isEqualTo(9.0); // the second largest
    }

    @Test
    void summarizeRefusesNoValues() {
        assertThatThrownBy(() -> Stats.summarize(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("stats: no values to summarize");
        assertThatThrownBy(() -> Stats.orderStatistic(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one value, got 0");
    }

    @Test
    void anIntervalAcrossTheTargetIsInconclusive() {
        Target atMost = Target.atMost(1.1, "×");
        assertThat(Stats.verdict(new Summary(1.0, 0.9, 1.05, 5, false), atMost)).isEqualTo(Verdict.YES);
        assertThat(Stats.verdict(new Summary(1.0, 0.9, 1.10, 5, false), atMost)).isEqualTo(Verdict.YES);
        assertThat(Stats.verdict(new Summary(1.05, 0.9, 1.2, 5, false), atMost)).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(Stats.verdict(new Summary(1.3, 1.2, 1.4, 5, false), atMost)).isEqualTo(Verdict.NO);

        Target atLeast = Target.atLeast(1.85, "×");
        assertThat(Stats.verdict(new Summary(2.0, 1.9, 2.1, 5, false), atLeast)).isEqualTo(Verdict.YES);
        assertThat(Stats.verdict(new Summary(1.9, 1.8, 2.1, 5, false), atLeast)).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(Stats.verdict(new Summary(1.5, 1.4, 1.8, 5, false), atLeast)).isEqualTo(Verdict.NO);

        Target below = Target.below(100, "< 0.1 µs");
        assertThat(Stats.verdict(new Summary(90, 80, 99, 5, false), below)).isEqualTo(Verdict.YES);
        assertThat(Stats.verdict(new Summary(90, 80, 100, 5, false), below)).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(Stats.verdict(new Summary(120, 100, 130, 5, false), below)).isEqualTo(Verdict.NO);
    }

    @Test
    void fewerThanFiveNoisyValuesAreNeverConclusiveButAnExactValueIs() {
        Target atMost = Target.atMost(24, " B");
        assertThat(Stats.verdict(new Summary(10, 9, 11, 4, false), atMost)).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(Stats.verdict(Stats.exact(24), atMost)).isEqualTo(Verdict.YES);
        assertThat(Stats.verdict(Stats.exact(24.5), atMost)).isEqualTo(Verdict.NO);
        assertThat(Stats.verdict(Stats.exact(30), Target.REPORT_ONLY)).isEqualTo(Verdict.REPORT);
    }

    @Test
    void intervalsOverlapWhenTheyShareAPoint() {
        Summary a = new Summary(1, 0.9, 1.1, 5, false);
        assertThat(a.overlaps(new Summary(1.2, 1.1, 1.3, 5, false))).isTrue();
        assertThat(a.overlaps(new Summary(1.3, 1.2, 1.4, 5, false))).isFalse();
        assertThat(new Summary(1.3, 1.2, 1.4, 5, false).overlaps(a)).isFalse();
    }

    @Test
    void targetsPrintTheirLimitReadably() {
        assertThat(Target.atMost(1.0, "×").text()).isEqualTo("≤ 1.0×");
        assertThat(Target.atMost(1.1, "×").text()).isEqualTo("≤ 1.1×");
        assertThat(Target.atLeast(1.85, "×").text()).isEqualTo("≥ 1.85×");
        assertThat(Target.atLeast(30, "×").text()).isEqualTo("≥ 30×");
        assertThat(Target.atMost(24, " B").text()).isEqualTo("≤ 24 B");
        assertThat(Target.atMost(0.8, "×").text()).isEqualTo("≤ 0.8×");
    }
}
