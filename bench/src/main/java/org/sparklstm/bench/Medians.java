package org.sparklstm.bench;

import java.util.ArrayList;
import java.util.List;

/** The median the benchmarks report: robust to the outliers of a shared, noisy machine. */
final class Medians {
    private Medians() {
    }

    /**
     * @param values at least one value
     * @return their median (the mean of the middle two for an even count)
     */
    static double of(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
