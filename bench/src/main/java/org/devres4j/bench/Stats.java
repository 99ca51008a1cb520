package org.devres4j.bench;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import org.apache.commons.math3.distribution.BinomialDistribution;

/**
 * The statistics of a row: the median of its per-round values (per-pair ratios, or per-round
 * latencies) and a distribution-free interval for that median, and the verdict against a target.
 *
 * <p>The interval is the pair of order statistics {@code [x(j), x(n+1-j)]} with the largest {@code j}
 * for which it covers the true median with at least {@value #COVERAGE} probability, whatever the
 * distribution of the values (the binomial sign-test interval). With 5 or 6 values that is the
 * minimum and the maximum (93.8% / 96.9%); with 10 values the second smallest and second largest
 * (97.9%). Below 5 values no interval reaches 90% and the full range is used; the verdict is then
 * never better than "inconclusive".
 */
final class Stats {

    /** The coverage the interval must reach. */
    static final double COVERAGE = 0.90;

    /** Fewest values for which min–max covers the median with {@link #COVERAGE}. */
    static final int MIN_VALUES = 5;

    private Stats() {
    }

    /**
     * A row's figure.
     *
     * @param median the median
     * @param lo     lower end of the interval
     * @param hi     upper end
     * @param n      how many values
     * @param exact  a single value that has no noise (a byte count), so the interval is the value
     */
    record Summary(double median, double lo, double hi, int n, boolean exact) {

        /** @return whether both intervals share at least one point */
        boolean overlaps(Summary other) {
            return lo <= other.hi && other.lo <= hi;
        }
    }

    /** What the row says about its target. */
    enum Verdict {
        YES("yes"), NO("no"), INCONCLUSIVE("inconclusive"), REPORT("—");

        final String text;

        Verdict(String text) {
            this.text = text;
        }
    }

    /** How a value is compared with a limit. */
    enum Cmp {
        AT_MOST("≤"), AT_LEAST("≥"), BELOW("<"), REPORT("");

        final String symbol;

        Cmp(String symbol) {
            this.symbol = symbol;
        }
    }

    /**
     * A row's target.
     *
     * @param cmp   the comparison
     * @param limit the limit, in the row's unit
     * @param text  as printed, e.g. {@code ≤ 1.1×}
     */
    record Target(Cmp cmp, double limit, String text) {

        static final Target REPORT_ONLY = new Target(Cmp.REPORT, Double.NaN, "report");

        static Target atMost(double limit, String unit) {
            return new Target(Cmp.AT_MOST, limit, "≤ " + fmt(limit) + unit);
        }

        static Target atLeast(double limit, String unit) {
            return new Target(Cmp.AT_LEAST, limit, "≥ " + fmt(limit) + unit);
        }

        static Target below(double limit, String text) {
            return new Target(Cmp.BELOW, limit, text);
        }

        /**
         * @param what what the reported figure shows, e.g. {@code the floor of any thread-safe add}
         * @return a report-only target whose column says so: {@code report: <what>}
         */
        static Target report(String what) {
            return new Target(Cmp.REPORT, Double.NaN, "report: " + what);
        }

        /** @return 30, 24, 1.0, 1.1, 1.85, 0.8: integers from 10 up without decimals, else 1 or 2 */
        static String fmt(double v) {
            if (v >= 10 && v == Math.rint(v)) {
                return String.format(Locale.ROOT, "%.0f", v);
            }
            String s = String.format(Locale.ROOT, "%.2f", v);
            return s.endsWith("0") ? s.substring(0, s.length() - 1) : s;
        }
    }

    /**
     * @param values per-round values; at least one
     * @return their median and interval
     * @throws IllegalArgumentException if there are none
     */
    static Summary summarize(Collection<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("stats: no values to summarize");
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = v.length;
        int j = orderStatistic(n);
        return new Summary(median(v), v[j - 1], v[n - j], n, false);
    }

    /** @return a summary of one noiseless value */
    static Summary exact(double value) {
        return new Summary(value, value, value, 1, true);
    }

    /** @return the median of sorted values (the mean of the middle two for an even count) */
    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * @param n how many values
     * @return the largest j ≥ 1 such that [x(j), x(n+1-j)] covers the median with probability
     *         ≥ {@link #COVERAGE}; 1 (the full range) if none does
     */
    static int orderStatistic(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("stats: need at least one value, got " + n);
        }
        BinomialDistribution signs = new BinomialDistribution(null, n, 0.5);
        int best = 1;
        for (int j = 1; j <= (n + 1) / 2; j++) {
            // the interval misses the median when fewer than j values lie below it, or fewer than j above
            double miss = 2 * signs.cumulativeProbability(j - 1);
            if (1 - miss >= COVERAGE) {
                best = j;
            } else {
                break;
            }
        }
        return best;
    }

    /**
     * @return the coverage of the interval that {@link #summarize} uses for n values
     */
    static double coverage(int n) {
        BinomialDistribution signs = new BinomialDistribution(null, n, 0.5);
        return 1 - 2 * signs.cumulativeProbability(orderStatistic(n) - 1);
    }

    /**
     * The verdict: met only if the whole interval is on the right side of the limit, missed only if
     * the whole interval is on the wrong side, inconclusive if it straddles the limit or has fewer than
     * {@link #MIN_VALUES} noisy values.
     */
    static Verdict verdict(Summary s, Target t) {
        if (t.cmp() == Cmp.REPORT) {
            return Verdict.REPORT;
        }
        boolean allMet = switch (t.cmp()) {
            case AT_MOST -> s.hi() <= t.limit();
            case AT_LEAST -> s.lo() >= t.limit();
            case BELOW -> s.hi() < t.limit();
            case REPORT -> throw new AssertionError();
        };
        boolean noneMet = switch (t.cmp()) {
            case AT_MOST -> s.lo() > t.limit();
            case AT_LEAST -> s.hi() < t.limit();
            case BELOW -> s.lo() >= t.limit();
            case REPORT -> throw new AssertionError();
        };
        if (!s.exact() && s.n() < MIN_VALUES) {
            return Verdict.INCONCLUSIVE;
        }
        return allMet ? Verdict.YES : noneMet ? Verdict.NO : Verdict.INCONCLUSIVE;
    }

    static double[] sorted(Collection<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return v;
    }
}
