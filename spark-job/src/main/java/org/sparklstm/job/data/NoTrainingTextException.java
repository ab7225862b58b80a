package org.sparklstm.job.data;

import org.sparklstm.datasets.CorpusException;

/** A corpus none of whose files gave usable training text (all skipped, or too little for one window). */
public class NoTrainingTextException extends CorpusException {
    private static final long serialVersionUID = 1L;

    /**
     * @param source the corpus paths
     * @param problem how many files were read and where the report is
     */
    public NoTrainingTextException(String source, String problem) {
        super(source, problem);
    }
}
