package org.sparklstm.core.eval;

import org.sparklstm.core.model.mixture.MixtureModel;
import org.sparklstm.core.model.mixture.MixtureWeight;

/**
 * Scores the interpolation of two models on held-out tokens without fitting and scoring on the same tokens:
 * tokens alternate between two folds, and the weight fitted on one fold scores the other.
 */
public final class MixtureScore {
    private MixtureScore() {
    }

    /**
     * @param a the first model's probability of each held-out token
     * @param b the second model's, token by token
     * @return the mixture's loss over all tokens, each fold scored with the weight fitted on the other
     */
    public static LogLoss crossFitted(double[] a, double[] b) {
        LogLoss sum = LogLoss.ZERO;
        for (int fold = 0; fold < 2; fold++) {
            double[][] fit = fold(a, b, 1 - fold);
            double[][] score = fold(a, b, fold);
            if (score[0].length > 0) {
                double w = fit[0].length == 0 ? 0.5 : MixtureWeight.fit(fit[0], fit[1]);
                sum = sum.plus(SpanScorer.loss(MixtureModel.mix(score[0], score[1], w)));
            }
        }
        return sum;
    }

    private static double[][] fold(double[] a, double[] b, int fold) {
        int n = (a.length - fold + 1) / 2;
        double[][] out = new double[2][n];
        for (int i = 0; i < n; i++) {
            out[0][i] = a[2 * i + fold];
            out[1][i] = b[2 * i + fold];
        }
        return out;
    }
}
