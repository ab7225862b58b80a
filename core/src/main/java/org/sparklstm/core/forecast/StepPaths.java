package org.sparklstm.core.forecast;

import org.sparklstm.datasets.series.SeriesTransform;

/** Turns paths of transformed steps into paths of levels, from the last known level. */
final class StepPaths {
    private StepPaths() {
    }

    /**
     * @param transform the transform the steps are of
     * @param last the last known level
     * @param steps paths of steps
     * @return the same paths as levels
     */
    static double[][] levels(SeriesTransform transform, double last, double[][] steps) {
        double[][] out = new double[steps.length][];
        for (int i = 0; i < steps.length; i++) {
            out[i] = new double[steps[i].length];
            double level = last;
            for (int h = 0; h < steps[i].length; h++) {
                level = transform.level(level, steps[i][h]);
                out[i][h] = level;
            }
        }
        return out;
    }
}
