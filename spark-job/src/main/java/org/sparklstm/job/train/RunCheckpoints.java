package org.sparklstm.job.train;

import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparklstm.core.bundle.ModelBundle;
import org.sparklstm.core.bundle.Provenance;
import org.sparklstm.core.bundle.TrainingState;
import org.sparklstm.core.checkpoint.CheckpointStore;
import org.sparklstm.core.config.RunKeys;
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.core.model.SequenceModel;
import org.sparklstm.datasets.codec.SequenceCodec;

/**
 * A run's checkpoints: each one the model with its codec, configuration, state and provenance, saved through the
 * store (which checks the lease before each write; one whose state set the lowest validation loss so far is the
 * run's model), then the retention rules applied.
 */
final class RunCheckpoints implements Checkpoints {
    private static final Logger LOG = LoggerFactory.getLogger("org.sparklstm.train");

    private final CheckpointStore store;
    private final SequenceCodec codec;
    private final TrainingConfig config;
    private final List<String> corpus;
    private final String corpusDigest;

    /**
     * @param store the run's store
     * @param codec the run's codec
     * @param config the run's configuration (its retention keys too)
     * @param corpus the corpus paths, for the provenance
     * @param corpusDigest the corpus listing's digest, which a resume checks
     */
    RunCheckpoints(CheckpointStore store, SequenceCodec codec, TrainingConfig config, List<String> corpus,
                   String corpusDigest) {
        this.store = store;
        this.codec = codec;
        this.config = config;
        this.corpus = List.copyOf(corpus);
        this.corpusDigest = corpusDigest;
    }

    @Override
    public String save(SequenceModel model, TrainingState at) throws IOException {
        String name = store.save(new ModelBundle(model, codec, config, at,
                Provenance.now(corpus, corpusDigest, config.seed())));
        List<String> deleted = store.retain(config.get(RunKeys.KEEP_LAST), config.get(RunKeys.KEEP_BEST));
        LOG.info("Checkpoint {} written (epochs done {}, iteration {}{}){}", name, at.epoch(), at.iteration(),
                at.atBest() ? ", the lowest validation loss so far: now the run's model" : "",
                deleted.isEmpty() ? "" : "; removed " + deleted.size() + " older checkpoint(s)");
        return name;
    }
}
