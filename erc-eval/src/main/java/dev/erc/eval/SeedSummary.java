package dev.erc.eval;

import java.util.List;

/**
 * A metric over several seeds: the values, their mean and their sample standard deviation (n - 1 in the
 * denominator; 0 for a single seed). ERC papers report single runs; this library reports mean ± std by default.
 *
 * @param values one value per seed, in seed order
 */
public record SeedSummary(List<Double> values) {

    public SeedSummary {
        values = List.copyOf(values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a summary needs at least one value");
        }
    }

    public double mean() {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s / values.size();
    }

    public double std() {
        if (values.size() < 2) {
            return 0;
        }
        double m = mean();
        double s = 0;
        for (double v : values) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / (values.size() - 1));
    }

    /** {@code "69.34 ± 0.52"} for fractions, in percent with two decimals. */
    /** {@code "mean ± std"} in percent with two decimals; one seed's value alone. */
    public String percent() {
        if (values.size() == 1) {
            // one seed has no spread to report
            return String.format(java.util.Locale.ROOT, "%.2f", 100 * mean());
        }
        return String.format(java.util.Locale.ROOT, "%.2f ± %.2f", 100 * mean(), 100 * std());
    }
}
