package org.sparklstm.core.forecast;

/**
 * A forecast of one series from one origin, in levels: for each step ahead, the point forecast and the interval.
 *
 * @param point the point forecast of each step ahead
 * @param lower each interval's lower end
 * @param upper each interval's upper end
 */
public record Forecast(double[] point, double[] lower, double[] upper) {
    /**
     * @param paths sampled level paths, each as long as the horizon
     * @param coverage the share of paths an interval holds, centred (0.8: from the 10th to the 90th percentile)
     * @return each step's median as the point and the central interval of the paths
     */
    public static Forecast ofPaths(double[][] paths, double coverage) {
        int horizon = paths[0].length;
        double[] point = new double[horizon];
        double[] lower = new double[horizon];
        double[] upper = new double[horizon];
        double[] column = new double[paths.length];
        for (int h = 0; h < horizon; h++) {
            for (int i = 0; i < paths.length; i++) {
                column[i] = paths[i][h];
            }
            java.util.Arrays.sort(column);
            point[h] = quantile(column, 0.5);
            lower[h] = quantile(column, (1 - coverage) / 2);
            upper[h] = quantile(column, (1 + coverage) / 2);
        }
        return new Forecast(point, lower, upper);
    }

    /**
     * @param point the point forecast, replacing this one's
     * @return the same intervals around another point
     */
    public Forecast withPoint(double[] point) {
        return new Forecast(point, lower, upper);
    }

    /** @return the linearly interpolated quantile {@code q} of sorted values */
    static double quantile(double[] sorted, double q) {
        double at = q * (sorted.length - 1);
        int below = (int) Math.floor(at);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (at - below) * (sorted[above] - sorted[below]);
    }
}
