package org.sparklstm.job.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparklstm.core.config.ConfigException;
import org.sparklstm.core.config.SparkKeys;
import org.sparklstm.core.config.DataKeys;
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.core.config.WindowCache;
import org.sparklstm.core.run.RunFiles;
import org.sparklstm.core.run.RunLayout;
import org.sparklstm.datasets.codec.SequenceCodec;
import org.sparklstm.datasets.corpus.BadRows;
import org.sparklstm.datasets.corpus.CorpusFormat;
import org.sparklstm.datasets.window.SplitAssigner;
import org.sparklstm.job.data.Augmentation;
import org.sparklstm.job.data.Corpus;
import org.sparklstm.job.data.FileRead;
import org.sparklstm.job.data.NoTrainingTextException;
import org.sparklstm.job.data.ReadLimits;

/**
 * What a model trains and is scored on: the corpus as read, its codec, and its windows split and cached. Training,
 * {@code compare} and the benchmarks build it the same way, so they see the same split.
 *
 * @param corpus the corpus
 * @param codec its codec
 * @param windows its windows, split into training and validation, cached
 * @param cache where the windows (and the epochs' plans) are cached
 * @param format the corpus format
 * @param variants how many augmented variants of each training window there are at most (1: none)
 */
public record TrainingData(Corpus corpus, SequenceCodec codec, SplitWindows windows, StorageLevel cache,
                           CorpusFormat format, int variants) {
    private static final Logger LOG = LoggerFactory.getLogger("org.sparklstm.train");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Reads a corpus and cuts it.
     *
     * @param sc the Spark context
     * @param paths corpus files, folders or globs
     * @param excluded folders a listing leaves out (a run root under the corpus folder)
     * @param config format, read limits, window and split settings, {@code window-cache}
     * @param codec the codec to use, or null to build one from the corpus's symbol counts
     * @return the data
     * @throws IOException if the corpus cannot be listed
     */
    public static TrainingData read(JavaSparkContext sc, List<String> paths, List<URI> excluded, TrainingConfig config,
                                    SequenceCodec codec) throws IOException {
        Corpus corpus = Corpus.open(sc, paths, config.corpusFormat(), ReadLimits.of(config), excluded);
        return cut(sc, corpus, config, codec);
    }

    /**
     * Cuts a corpus already opened.
     *
     * @param sc the Spark context
     * @param corpus the corpus
     * @param config window and split settings, {@code window-cache}
     * @param codec the codec to use, or null to build one from the corpus's symbol counts
     * @return the data
     */
    public static TrainingData cut(JavaSparkContext sc, Corpus corpus, TrainingConfig config, SequenceCodec codec) {
        CorpusFormat format = config.corpusFormat();
        SequenceCodec used = codec != null ? codec : format.newCodec(format.fitsCodecOnTrainingSide()
                ? () -> corpus.symbolCounts(SplitWindows.assigner(config), config.sequenceLength())
                : corpus::symbolCounts, config.get(DataKeys.MAX_VOCAB));
        StorageLevel cache = windowCache(sc, config.get(SparkKeys.WINDOW_CACHE), corpus.bytes());
        return new TrainingData(corpus, used, SplitWindows.of(corpus, used, config, cache), cache, format,
                Augmentation.of(config).variants());
    }

    /**
     * Writes {@value RunLayout#DATA_REPORT} (every file read or skipped, and why; the split's sizes) and logs a
     * summary.
     *
     * @param files the run root
     * @param paths the corpus paths as given, to name in an error
     * @throws NoTrainingTextException if no training window is left
     * @throws IOException if the report cannot be written
     */
    public void report(RunFiles files, List<String> paths) throws IOException {
        List<FileRead> reads = corpus.report();
        long[] train = windows.trainTokens();
        long[] validation = windows.validationTokens();
        long skipped = reads.stream().filter(r -> r.content().skipReason() != null).count();
        long heldOut = format.ofRows() ? 0 : reads.stream().filter(r -> windows.split().holdsOut(r.source())).count();
        BadRows bad = reads.stream().map(r -> r.content().badRows()).reduce(BadRows.NONE, BadRows::merge);
        ObjectNode report = JSON.createObjectNode();
        report.put("files_read", reads.size() - skipped);
        report.put("files_skipped", skipped);
        report.put("bytes_read", reads.stream().filter(r -> r.content().skipReason() == null)
                .mapToLong(FileRead::bytes).sum());
        report.put("replaced_sequences", reads.stream().mapToLong(r -> r.content().replaced()).sum());
        report.put("documents", reads.stream().mapToLong(r -> r.content().documentCount()).sum());
        if (format.ofRows()) {
            report.put("bad_rows", bad.total());
            report.set("bad_rows_by_kind", JSON.valueToTree(bad.counts()));
        }
        report.put("vocabulary_size", codec.vocabularySize());
        report.put("train_windows", train[2]);
        report.put("train_tokens", train[0]);
        report.put("validation_windows", validation[2]);
        report.put("split_by", windows.split().unit().name().toLowerCase(Locale.ROOT));
        report.put("validation_tokens", validation[0]);
        report.put("validation_tokens_scored", windows.scoredTokens());
        report.put("unknown_tokens", train[1] + validation[1]);
        ArrayNode list = report.putArray("files");
        for (FileRead r : reads) {
            ObjectNode f = list.addObject().put("path", r.source()).put("bytes", r.bytes())
                    .put("status", r.content().skipReason() == null ? "read" : "skipped")
                    .put("documents", r.content().documentCount());
            if (r.content().badRows().total() > 0) {
                f.set("bad_rows", JSON.valueToTree(r.content().badRows().counts()));
                f.set("bad_row_examples", JSON.valueToTree(r.content().badRows().examples()));
            }
            if (!format.ofRows() && windows.split().holdsOut(r.source())) {
                f.put("held_out", true);
            }
            if (r.content().skipReason() != null) {
                f.put("reason", r.content().skipReason());
            }
            if (r.partlySkipped() != null) {
                f.put("skipped_part", r.partlySkipped());
            }
            if (r.content().replaced() > 0) {
                f.put("replaced_sequences", r.content().replaced());
            }
        }
        files.write(RunLayout.DATA_REPORT, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n");
        if (bad.total() > 0) {
            LOG.warn("{} bad row(s) left out ({}); {} lists them by file, with examples", bad.total(), bad.counts(),
                    RunLayout.DATA_REPORT);
        }
        LOG.info("Corpus ({}): {} file(s) read, {} skipped (see {}), vocabulary {} symbols, {} training{} and {} "
                        + "validation tokens, {} unknown", format.name(), reads.size() - skipped, skipped,
                RunLayout.DATA_REPORT, codec.vocabularySize(), train[0], variants == 1 ? ""
                        : " (up to " + variants + " augmented variants of each window)",
                validation[0], train[1] + validation[1]);
        if (train[0] == 0) {
            throw new NoTrainingTextException(String.join(",", paths), "no usable training text in "
                    + reads.size() + " file(s)" + (heldOut > 0 ? " (" + heldOut + " held out by split-by file)" : "")
                    + "; see " + RunLayout.DATA_REPORT);
        }
        if (validation[0] == 0 && windows.split().unit() == SplitAssigner.Unit.FILE) {
            String unit = format.ofRows() ? "row" : "file";
            throw new ConfigException(DataKeys.SPLIT_BY.name(), "file: none of the " + (format.ofRows()
                    ? reads.stream().mapToLong(r -> r.content().documentCount()).sum() : reads.size() - skipped)
                    + " " + unit + "(s) read was held out at validation-fraction " + windows.split().fraction()
                    + " (a " + unit + " is held out when the hash of its name says so); add " + unit
                    + "s, raise validation-fraction, or split by window");
        }
    }

    /** Frees the cached windows. */
    public void release() {
        windows.release();
    }

    /**
     * @param choice {@code window-cache}
     * @param corpusBytes the corpus's size on storage
     * @return where to cache windows: for {@code auto}, on disk when the corpus exceeds a tenth of an executor's
     *         heap ({@code spark.executor.memory}, or this JVM's heap when the executors run in it)
     */
    private static StorageLevel windowCache(JavaSparkContext sc, WindowCache choice, long corpusBytes) {
        long heap = sc.getConf().contains("spark.executor.memory") && !sc.isLocal()
                ? sc.getConf().getSizeAsBytes("spark.executor.memory") : Runtime.getRuntime().maxMemory();
        boolean disk = choice == WindowCache.DISK || choice == WindowCache.AUTO && corpusBytes > heap / 10;
        if (disk) {
            LOG.info("Windows are cached on the executors' local disks ({} MB corpus, {} MB heap)",
                    corpusBytes >> 20, heap >> 20);
        }
        return disk ? StorageLevel.DISK_ONLY() : StorageLevel.MEMORY_AND_DISK_SER();
    }
}
