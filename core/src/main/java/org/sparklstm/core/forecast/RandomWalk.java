package org.sparklstm.core.forecast;

import java.util.Random;
import org.sparklstm.datasets.series.SeriesTransform;

/**
 * The naive baseline: every level ahead is the last known one. Its intervals come from paths of steps drawn with
 * replacement from the training side's own steps (log returns for log-returns, differences otherwise).
 */
public final class RandomWalk implements Forecaster {
    private final SeriesTransform transform;
    private final double[] trainingSteps;
    private final int paths;
    private final double coverage;
    private final long seed;

    /**
     * @param transform the model's transform (levels are walked by their differences)
     * @param trainingLevels the series' levels on the training side
     * @param paths how many paths its intervals come from
     * @param coverage the share of paths an interval holds
     * @param seed the draws' seed
     */
    public RandomWalk(SeriesTransform transform, double[] trainingLevels, int paths, double coverage, long seed) {
        this.transform = transform == SeriesTransform.LEVELS ? SeriesTransform.DIFFERENCES : transform;
        this.trainingSteps = this.transform.apply(trainingLevels);
        this.paths = paths;
        this.coverage = coverage;
        this.seed = seed;
    }

    @Override
    public String name() {
        return "random-walk";
    }

    @Override
    public Forecast forecast(double[] levels, int origin, int horizon) {
        Random random = new Random(seed * 1_000_003L + origin);
        double[][] steps = new double[paths][horizon];
        for (double[] path : steps) {
            for (int h = 0; h < horizon; h++) {
                path[h] = trainingSteps[random.nextInt(trainingSteps.length)];
            }
        }
        double[] last = new double[horizon];
        java.util.Arrays.fill(last, levels[origin - 1]);
        return Forecast.ofPaths(StepPaths.levels(transform, levels[origin - 1], steps), coverage).withPoint(last);
    }
}
