package org.sparklstm.core.forecast;

import java.util.Arrays;
import java.util.Random;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.sparklstm.datasets.series.SeriesTransform;

/**
 * The fitted baseline: an autoregressive model of the transformed steps, {@code x[t] = c + a1 x[t-1] + ... +
 * ap x[t-p] + e}, fitted by least squares (Apache Commons Math) on the training side, its order the one of 1 to
 * {@code maxOrder} with the lowest AIC (all scored on the same steps). The point forecast iterates the fitted mean;
 * the intervals come from paths driven by the fit's own residuals, drawn with replacement.
 */
public final class Autoregressive implements Forecaster {
    private final SeriesTransform transform;
    private final double intercept;
    private final double[] coefficients;
    private final double[] residuals;
    private final int paths;
    private final double coverage;
    private final long seed;

    private Autoregressive(SeriesTransform transform, double[] beta, double[] residuals, int paths, double coverage,
                           long seed) {
        this.transform = transform;
        this.intercept = beta[0];
        this.coefficients = Arrays.copyOfRange(beta, 1, beta.length);
        this.residuals = residuals;
        this.paths = paths;
        this.coverage = coverage;
        this.seed = seed;
    }

    /**
     * @param transform the transform whose steps it models
     * @param trainingLevels the series' levels on the training side
     * @param maxOrder the highest order tried
     * @param paths how many paths its intervals come from
     * @param coverage the share of paths an interval holds
     * @param seed the draws' seed
     * @return the fit with the lowest AIC
     * @throws IllegalArgumentException if the training side is too short for an order-1 fit
     */
    public static Autoregressive fit(SeriesTransform transform, double[] trainingLevels, int maxOrder, int paths,
                                     double coverage, long seed) {
        double[] x = transform.apply(trainingLevels);
        int top = Math.max(1, Math.min(maxOrder, x.length / 10));
        int n = x.length - top;
        if (n < 3 * (top + 1)) {
            throw new IllegalArgumentException("an autoregressive fit needs more than " + x.length + " steps");
        }
        double bestAic = Double.POSITIVE_INFINITY;
        Autoregressive best = null;
        for (int p = 1; p <= top; p++) {
            double[] y = Arrays.copyOfRange(x, top, x.length);
            double[][] lags = new double[n][p];
            for (int t = 0; t < n; t++) {
                for (int i = 0; i < p; i++) {
                    lags[t][i] = x[top + t - 1 - i];
                }
            }
            OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
            ols.newSampleData(y, lags);
            double[] e = ols.estimateResiduals();
            double rss = Arrays.stream(e).map(v -> v * v).sum();
            double aic = n * Math.log(Math.max(rss, 1e-300) / n) + 2 * (p + 1);
            if (aic < bestAic) {
                bestAic = aic;
                best = new Autoregressive(transform, ols.estimateRegressionParameters(), e, paths, coverage, seed);
            }
        }
        return best;
    }

    /** @return the chosen order */
    public int order() {
        return coefficients.length;
    }

    @Override
    public String name() {
        return "ar(" + order() + ")";
    }

    @Override
    public Forecast forecast(double[] levels, int origin, int horizon) {
        double[] history = transform.apply(Arrays.copyOf(levels, origin));
        double[][] steps = new double[paths][];
        Random random = new Random(seed * 1_000_003L + origin);
        for (int i = 0; i < paths; i++) {
            steps[i] = run(history, horizon, random);
        }
        double[] mean = StepPaths.levels(transform, levels[origin - 1], new double[][] {run(history, horizon, null)})[0];
        return Forecast.ofPaths(StepPaths.levels(transform, levels[origin - 1], steps), coverage).withPoint(mean);
    }

    /** @return the next {@code horizon} steps: the fitted mean, plus a drawn residual each step if {@code random} */
    private double[] run(double[] history, int horizon, Random random) {
        int p = coefficients.length;
        double[] x = Arrays.copyOfRange(history, Math.max(0, history.length - p), history.length + horizon);
        int known = Math.min(p, history.length);
        for (int h = 0; h < horizon; h++) {
            double v = intercept;
            for (int i = 0; i < p; i++) {
                int at = known + h - 1 - i;
                v += coefficients[i] * (at >= 0 ? x[at] : 0);
            }
            x[known + h] = v + (random == null ? 0 : residuals[random.nextInt(residuals.length)]);
        }
        return Arrays.copyOfRange(x, known, known + horizon);
    }
}
