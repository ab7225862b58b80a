package org.sparklstm.job.train;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparklstm.core.bundle.ModelBundle;
import org.sparklstm.core.bundle.TrainingState;
import org.sparklstm.core.checkpoint.CheckpointStore;
import org.sparklstm.core.checkpoint.CheckpointStore;
import org.sparklstm.core.config.ConfigException;
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.core.model.mixture.MixtureModel;
import org.sparklstm.core.model.network.NeuralModel;
import org.sparklstm.core.model.markov.KneserNeyModel;
import org.sparklstm.core.run.RunFiles;
import org.sparklstm.core.run.RunLayout;
import org.sparklstm.datasets.codec.SequenceCodec;

/**
 * Where a run starts: from the newest valid checkpoint of its root (a resume, exactly where it stopped), else from
 * another run's checkpoint ({@code --from}: its model and codec, counters from zero), else afresh. Never a silent
 * fresh start over checkpoints that exist but do not load (see {@link CheckpointStore#resumePoint()}).
 *
 * @param bundle the checkpoint started from, or null
 * @param state the counters to start from
 * @param config the run's configuration, with what the checkpoint decides taken from it
 * @param resumed whether the run continues its own checkpoint
 */
record StartingPoint(ModelBundle bundle, TrainingState state, TrainingConfig config, boolean resumed) {
    private static final Logger LOG = LoggerFactory.getLogger("org.sparklstm.train");

    /**
     * @param files the run root
     * @param store its checkpoints
     * @param config the configuration asked for
     * @param from a checkpoint to start from when the root holds none (null: start afresh)
     * @param restart whether to start over although the root holds checkpoints (they and the metrics are moved
     *                under {@code _abandoned/}, not deleted)
     * @param hadoop the Hadoop configuration, to read {@code from}
     * @return where the run starts
     * @throws IOException if the checkpoints cannot be read or the restart's files moved
     */
    static StartingPoint find(RunFiles files, CheckpointStore store, TrainingConfig config, URI from,
                              boolean restart, Configuration hadoop) throws IOException {
        ModelBundle resumePoint = null;
        if (restart || files.exists(RunLayout.RESTARTING)) {
            abandonEarlierRun(files);
        } else {
            resumePoint = store.resumePoint().orElse(null);
        }
        if (resumePoint != null) {
            TrainingState state = resumePoint.state();
            LOG.info("Resuming from the newest valid checkpoint in {}: epoch {}, round {}, iteration {}",
                    files.root(), state.epoch() + 1, state.roundInEpoch(), state.iteration());
            return new StartingPoint(resumePoint, state, config.forResumeOf(resumePoint.config()), true);
        }
        if (from != null) {
            ModelBundle other = CheckpointStore.locate(from, hadoop).load();
            LOG.info("Starting a new run from {} (trained {} iterations there), with its codec",
                    from, other.state().iteration());
            return new StartingPoint(other, TrainingState.START, config.withArchitectureOf(other.config()), false);
        }
        return new StartingPoint(null, TrainingState.START, config, false);
    }

    /**
     * @param corpusDigest the digest of the corpus this call reads
     * @throws ConfigException if a resumed run's checkpoint was trained on another corpus
     */
    void requireCorpus(String corpusDigest) {
        String saved = resumed ? bundle.provenance().corpusDigest() : null;
        if (saved != null && !saved.equals(corpusDigest)) {
            throw new ConfigException("corpus", "is not the corpus the run being resumed trained on ("
                    + bundle.provenance().corpus() + "): a file was added, removed or changed since (their "
                    + "listing digests differ). Resuming would train on other data; resume with the same files, or "
                    + "use --restart or a new --output");
        }
    }

    /** @return the checkpoint's codec, or null to build one */
    SequenceCodec codec() {
        return bundle == null ? null : bundle.codec();
    }

    /** @return the checkpoint's network (alone or in a mixture), or null */
    NeuralModel network() {
        if (bundle == null) {
            return null;
        }
        return bundle.model() instanceof MixtureModel m ? m.neural()
                : bundle.model() instanceof NeuralModel n ? n : null;
    }

    /** @return the checkpoint's Markov chain (alone or in a mixture), or null */
    KneserNeyModel chain() {
        if (bundle == null) {
            return null;
        }
        return bundle.model() instanceof MixtureModel m ? m.markov()
                : bundle.model() instanceof KneserNeyModel k ? k : null;
    }

    /** @return the checkpoint's mixture weight, or an even one */
    double mixtureWeight() {
        return bundle != null && bundle.model() instanceof MixtureModel m ? m.weight() : 0.5;
    }

    /**
     * For {@code --restart}: moves the root's checkpoints and metrics under {@code _abandoned/<time>/}. The intent
     * is written first, so a restart that a storage error or a kill interrupted is finished by the next call
     * (with {@code --restart} or without), into the same folder, rather than resumed half moved.
     */
    private static void abandonEarlierRun(RunFiles files) throws IOException {
        String aside = files.readOrEmpty(RunLayout.RESTARTING).trim();
        if (aside.isEmpty()) {
            aside = RunLayout.ABANDONED_RUNS + "/" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                    .withZone(ZoneOffset.UTC).format(Instant.now());
            files.write(RunLayout.RESTARTING, aside + "\n");
        } else {
            LOG.warn("Finishing the --restart an earlier call began: moving what is left of the earlier run to {}/{}",
                    files.root(), aside);
        }
        boolean checkpoints = files.move(RunLayout.CHECKPOINTS, aside + "/" + RunLayout.CHECKPOINTS);
        boolean metrics = files.move(RunLayout.METRICS, aside + "/" + RunLayout.METRICS);
        files.delete(RunLayout.RESTARTING);
        if (checkpoints || metrics) {
            LOG.warn("--restart: starting over from iteration 0; the earlier run's checkpoints and metrics are kept "
                    + "under {}/{}", files.root(), aside);
        }
    }
}
