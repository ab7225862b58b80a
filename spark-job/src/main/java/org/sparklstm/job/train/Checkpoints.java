package org.sparklstm.job.train;

import java.io.IOException;
import org.sparklstm.core.bundle.TrainingState;
import org.sparklstm.core.model.SequenceModel;

/** Saves a run's model at a point of its training, with retention; {@link RunCheckpoints}. */
public interface Checkpoints {
    /**
     * @param model the model as evaluated at {@code at}
     * @param at where the run stands, its validation loss included
     * @return the checkpoint's name
     * @throws IOException if it cannot be written
     */
    String save(SequenceModel model, TrainingState at) throws IOException;
}
