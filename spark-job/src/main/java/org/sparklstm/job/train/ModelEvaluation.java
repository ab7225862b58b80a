package org.sparklstm.job.train;

import java.io.IOException;
import org.sparklstm.core.bundle.TrainingState;
import org.sparklstm.core.model.SequenceModel;

/** Scores a model on the validation split and records it (metrics, sample, report); {@link RunEvaluation}. */
public interface ModelEvaluation {
    /**
     * @param model the model to score
     * @param at where the run stands
     * @param figures the latest training figures, for the record
     * @param quiet whether to leave out the sample and the report (for the points of a learning curve)
     * @return the outcome
     * @throws IOException if the record cannot be written
     */
    Evaluated evaluate(SequenceModel model, TrainingState at, RoundFigures figures, boolean quiet)
            throws IOException;

    /** @return the predicted tokens an evaluation scores (a first guess at its cost follows from them) */
    long scoredTokens();
}
