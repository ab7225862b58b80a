package org.sparklstm.job.train;

/**
 * The latest training figures, which each metrics record carries.
 *
 * @param trainBitsPerToken the last training loss (NaN before the first round)
 * @param tokensPerSecond the last round's training speed
 * @param learningRate the learning rate the last round trained with (NaN for a model without one)
 */
public record RoundFigures(double trainBitsPerToken, double tokensPerSecond, double learningRate) {
    /** Before any round. */
    public static final RoundFigures NONE = new RoundFigures(Double.NaN, 0, Double.NaN);
}
