package org.sparklstm.job.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparklstm.core.bundle.TrainingState;
import org.sparklstm.core.checkpoint.LeaseHeldException;
import org.sparklstm.core.eval.LogLoss;
import org.sparklstm.core.eval.MixtureScore;
import org.sparklstm.core.eval.SpanScorer;
import org.sparklstm.core.generate.Sampler;
import org.sparklstm.core.model.mixture.MixtureModel;
import org.sparklstm.core.model.mixture.MixtureWeight;
import org.sparklstm.core.model.SequenceModel;
import org.sparklstm.core.run.MetricsLog;
import org.sparklstm.core.run.RunFiles;
import org.sparklstm.datasets.codec.SequenceCodec;
import org.sparklstm.datasets.midi.PerformanceCodec;
import org.sparklstm.job.report.MusicSample;
import org.sparklstm.job.report.RunReport;

/**
 * A run's evaluation: the validation loss scored on the executors (for a mixture, with its weight fitted first),
 * a sample (with its MIDI, audio and piano roll for music), a record in {@code metrics.jsonl} and the run report
 * brought up to date. The sample and the report are best effort: training goes on without them, unless the lease
 * is lost.
 */
final class RunEvaluation implements ModelEvaluation {
    private static final Logger LOG = LoggerFactory.getLogger("org.sparklstm.train");
    private static final double SAMPLE_TEMPERATURE = 0.8;

    private final DistributedEvaluator evaluator;
    private final SequenceCodec codec;
    private final int[] prime;
    private final RunFiles files;
    private final MetricsLog metrics;
    private final RunReport report;
    private final Progress progress;
    private final Map<String, String> settings;
    private final int sampleLength;
    private final long seed;

    /**
     * @param evaluator scores the validation windows
     * @param codec the run's codec
     * @param prime the tokens each sample starts from
     * @param files the run root
     * @param resumedIteration the iteration a resumed run starts from (-1 for a new run): later records are dropped
     * @param settings the run's configuration, for the report
     * @param sampleLength tokens to sample
     * @param seed the run's seed (each sample's is it plus the iteration)
     * @param progress where the phase is shown
     * @throws IOException if the metrics log cannot be read
     */
    RunEvaluation(DistributedEvaluator evaluator, SequenceCodec codec, int[] prime, RunFiles files, long resumedIteration,
                  Map<String, String> settings, int sampleLength, long seed, Progress progress) throws IOException {
        this.evaluator = evaluator;
        this.codec = codec;
        this.prime = prime.clone();
        this.files = files;
        this.metrics = new MetricsLog(files, resumedIteration);
        this.report = new RunReport(files);
        this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings)); // in the keys' order
        this.sampleLength = sampleLength;
        this.seed = seed;
        this.progress = progress;
    }

    @Override
    public Evaluated evaluate(SequenceModel model, TrainingState at, RoundFigures figures, boolean quiet)
            throws IOException {
        long t0 = System.nanoTime();
        progress.phase("evaluation at iteration " + at.iteration());
        LogLoss loss;
        ObjectNode record = metrics.newRecord();
        if (model instanceof MixtureModel mixture) {
            double[][] p = evaluator.componentProbabilities(mixture);
            model = mixture.withWeight(MixtureWeight.fit(p[0], p[1]));
            loss = MixtureScore.crossFitted(p[0], p[1]);
            record.put("mixture_weight", ((MixtureModel) model).weight());
            record.put("network_bits_per_token", SpanScorer.loss(p[0]).bitsPerToken());
            record.put("markov_bits_per_token", SpanScorer.loss(p[1]).bitsPerToken());
        } else {
            loss = evaluator.evaluate(model);
        }
        int length = quiet ? 0 : sampleLength;
        int[] drawn = length == 0 ? new int[0]
                : new Sampler(model).sample(prime, length, SAMPLE_TEMPERATURE, 0, seed + at.iteration());
        String sample = codec.render(prime).replaceFirst("^\n", "") + codec.render(drawn);
        String sampleFiles = length == 0 ? null : musicFiles(at, sample, drawn);
        record.put("model", model.kind());
        record.put("epoch", at.epoch());
        record.put("iteration", at.iteration());
        record.put("train_loss", figures.trainBitsPerToken());
        record.put("val_bits_per_token", loss.bitsPerToken());
        record.put("val_tokens", loss.tokens());
        record.put("tokens_per_second", figures.tokensPerSecond());
        if (Double.isFinite(figures.learningRate())) {
            record.put("learning_rate", figures.learningRate());
        }
        record.put("tokens_seen", at.tokensSeen());
        record.put("elapsed_seconds", at.elapsedSeconds());
        record.put("time", Instant.now().toString());
        record.put("sample", sample);
        if (sampleFiles != null) {
            record.put(RunReport.SAMPLE_FILES, sampleFiles);
        }
        record.put(RunReport.EVALUATION_SECONDS, (System.nanoTime() - t0) / 1e9);
        metrics.append(record);
        if (quiet) {
            LOG.info(String.format(Locale.ROOT, "Learning curve: validation %.4f bits/token after %d training "
                    + "tokens", loss.bitsPerToken(), at.tokensSeen()));
        } else {
            try {
                report.write(settings);
            } catch (IOException | RuntimeException e) {
                rethrowLeaseLoss(e);
                LOG.warn("Could not update the run report (training goes on): {}", e.toString());
            }
            LOG.info(String.format(Locale.ROOT,
                    "Evaluation at iteration %d: validation %.4f bits/token over %d tokens. Sample:%n%s",
                    at.iteration(), loss.bitsPerToken(), loss.tokens(), sample));
        }
        return new Evaluated(model, loss.bitsPerToken(), System.nanoTime() - t0);
    }

    @Override
    public long scoredTokens() {
        return evaluator.scoredTokens();
    }

    /** @return the sample's MIDI, audio and piano roll files, for music (null for text or when they failed) */
    private String musicFiles(TrainingState at, String sample, int[] drawn) {
        if (!(codec instanceof PerformanceCodec music)) {
            return null;
        }
        try {
            String name = String.format(Locale.ROOT, "iteration-%09d", at.iteration());
            return MusicSample.write(files, name, "iteration " + at.iteration() + ": " + sample, music.decode(drawn));
        } catch (IOException | RuntimeException e) {
            rethrowLeaseLoss(e);
            LOG.warn("Could not write the sample's MIDI, audio or piano roll (training goes on): {}", e.toString());
            return null;
        }
    }

    /** Best-effort writes may fail and training goes on, unless the lease is lost. */
    private static void rethrowLeaseLoss(Exception e) {
        if (e instanceof LeaseHeldException lost) {
            throw lost;
        }
    }
}
