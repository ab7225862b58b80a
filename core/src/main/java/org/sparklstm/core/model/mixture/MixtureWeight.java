package org.sparklstm.core.model.mixture;

/**
 * Fits the weight of a two-model mixture on held-out tokens by expectation-maximisation, which maximises the
 * held-out likelihood {@code sum log(weight * a + (1 - weight) * b)} (a concave function of the weight).
 */
public final class MixtureWeight {
    private static final int MAX_ROUNDS = 200;
    private static final double TOLERANCE = 1e-7;

    private MixtureWeight() {
    }

    /**
     * @param a the first model's probability of each held-out token
     * @param b the second model's, token by token
     * @return the first model's weight, in [0, 1]
     */
    public static double fit(double[] a, double[] b) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("need the same, non-zero number of probabilities from both models, got "
                    + a.length + " and " + b.length);
        }
        double weight = 0.5;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            double share = 0;
            for (int i = 0; i < a.length; i++) {
                double mixed = weight * a[i] + (1 - weight) * b[i];
                share += mixed > 0 ? weight * a[i] / mixed : 0.5;
            }
            double next = share / a.length;
            boolean done = Math.abs(next - weight) < TOLERANCE;
            weight = next;
            if (done) {
                break;
            }
        }
        return weight;
    }
}
