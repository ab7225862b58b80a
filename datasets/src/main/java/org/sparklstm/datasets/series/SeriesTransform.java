package org.sparklstm.datasets.series;

import java.util.Locale;

/**
 * What a model of a numeric series reads in place of its raw levels: the levels themselves, their differences, or
 * their log returns. A transform has no parameters to fit, so a held-out stretch is transformed exactly as the
 * training side was; {@link #level} turns a model's step back into a level.
 */
public enum SeriesTransform {
    /** The values as they are. */
    LEVELS,
    /** Each value minus the one before it. */
    DIFFERENCES,
    /** The natural log of each value over the one before it; every level must be above zero. */
    LOG_RETURNS;

    /** @return the transform as {@code --series-transform} names it: {@code log-returns} */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @param key a {@link #key()}
     * @return that transform
     * @throws IllegalArgumentException for an unknown key
     */
    public static SeriesTransform of(String key) {
        for (SeriesTransform t : values()) {
            if (t.key().equals(key)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown series transform '" + key + "'");
    }

    /** @return how many levels one step needs: 0 for levels, 1 for the others (the level before it) */
    public int lag() {
        return this == LEVELS ? 0 : 1;
    }

    /**
     * @param levels a series' levels, in time order
     * @return its steps: as many as the levels for {@link #LEVELS}, one fewer for the others
     */
    public double[] apply(double[] levels) {
        int n = Math.max(0, levels.length - lag());
        double[] steps = new double[n];
        for (int i = 0; i < n; i++) {
            steps[i] = switch (this) {
                case LEVELS -> levels[i];
                case DIFFERENCES -> levels[i + 1] - levels[i];
                case LOG_RETURNS -> Math.log(levels[i + 1] / levels[i]);
            };
        }
        return steps;
    }

    /**
     * @param previous the level before the step (ignored for {@link #LEVELS})
     * @param step a step of this transform
     * @return the level it leads to
     */
    public double level(double previous, double step) {
        return switch (this) {
            case LEVELS -> step;
            case DIFFERENCES -> previous + step;
            case LOG_RETURNS -> previous * Math.exp(step);
        };
    }

    /**
     * @param level a level
     * @return whether this transform can take it: any finite number, above zero for {@link #LOG_RETURNS}
     */
    public boolean accepts(double level) {
        return Double.isFinite(level) && (this != LOG_RETURNS || level > 0);
    }
}
