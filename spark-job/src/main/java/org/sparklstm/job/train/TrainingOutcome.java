package org.sparklstm.job.train;

import org.sparklstm.core.bundle.TrainingState;

/**
 * How a training run ended.
 *
 * @param state its counters at the end
 * @param checkpoint the last checkpoint this call wrote (null if none)
 * @param stopReason why it stopped
 * @param complete whether nothing is left to train (the complete marker is written)
 */
public record TrainingOutcome(TrainingState state, String checkpoint, String stopReason, boolean complete) {
}
