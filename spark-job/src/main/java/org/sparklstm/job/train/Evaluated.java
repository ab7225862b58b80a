package org.sparklstm.job.train;

import org.sparklstm.core.model.SequenceModel;

/**
 * The outcome of one evaluation.
 *
 * @param model the model as scored (a mixture with the weight fitted on the validation split), which is what a
 *              checkpoint at the same point saves
 * @param bitsPerToken the validation loss
 * @param nanos how long the evaluation took
 */
public record Evaluated(SequenceModel model, double bitsPerToken, long nanos) {
}
