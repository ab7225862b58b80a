package org.sparklstm.job.train;

/**
 * What fitting (part of) a round did.
 *
 * @param iterations minibatch steps per worker it took
 * @param tokens training tokens it read
 * @param trainBitsPerToken the training loss of its last step, bits per token
 */
public record RoundResult(long iterations, long tokens, double trainBitsPerToken) {
}
