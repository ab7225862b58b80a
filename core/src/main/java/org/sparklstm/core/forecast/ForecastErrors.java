package org.sparklstm.core.forecast;

/**
 * A method's errors over many forecasts, per step ahead: mean absolute error, root mean squared error and the share
 * of actual levels inside the intervals. Forecasts near a series' end count only the steps it still has.
 */
public final class ForecastErrors {
    private final double[] absolute;
    private final double[] squared;
    private final long[] covered;
    private final long[] count;

    /** @param horizon the steps ahead each forecast has */
    public ForecastErrors(int horizon) {
        absolute = new double[horizon];
        squared = new double[horizon];
        covered = new long[horizon];
        count = new long[horizon];
    }

    /**
     * @param forecast a forecast
     * @param actual the levels that came, as many as the series still had (at most the horizon)
     */
    public void add(Forecast forecast, double[] actual) {
        for (int h = 0; h < actual.length; h++) {
            double e = actual[h] - forecast.point()[h];
            absolute[h] += Math.abs(e);
            squared[h] += e * e;
            covered[h] += actual[h] >= forecast.lower()[h] && actual[h] <= forecast.upper()[h] ? 1 : 0;
            count[h]++;
        }
    }

    /** @param other errors of the same horizon, added to these */
    public void merge(ForecastErrors other) {
        for (int h = 0; h < count.length; h++) {
            absolute[h] += other.absolute[h];
            squared[h] += other.squared[h];
            covered[h] += other.covered[h];
            count[h] += other.count[h];
        }
    }

    /** @return the steps ahead */
    public int horizon() {
        return count.length;
    }

    /** @param h a step ahead, from 0 @return the forecasts scored at it */
    public long count(int h) {
        return count[h];
    }

    /** @param h a step ahead, from 0 @return the mean absolute error there */
    public double mae(int h) {
        return absolute[h] / count[h];
    }

    /** @param h a step ahead, from 0 @return the root mean squared error there */
    public double rmse(int h) {
        return Math.sqrt(squared[h] / count[h]);
    }

    /** @param h a step ahead, from 0 @return the share of actual levels inside the intervals there */
    public double coverage(int h) {
        return (double) covered[h] / count[h];
    }

    /** @return the mean absolute error over every step ahead */
    public double mae() {
        return sum(absolute) / sum(count);
    }

    /** @return the root mean squared error over every step ahead */
    public double rmse() {
        return Math.sqrt(sum(squared) / sum(count));
    }

    /** @return the share of actual levels inside the intervals, every step ahead */
    public double coverage() {
        return (double) sum(covered) / sum(count);
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }

    private static long sum(long[] v) {
        long s = 0;
        for (long x : v) {
            s += x;
        }
        return s;
    }
}
