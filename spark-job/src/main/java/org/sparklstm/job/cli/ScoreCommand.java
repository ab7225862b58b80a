package org.sparklstm.job.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.sparklstm.core.bundle.ModelBundle;
import org.sparklstm.core.config.ConfigException;
import org.sparklstm.core.io.FileIO;
import org.sparklstm.core.io.HadoopFileIO;
import org.sparklstm.core.run.RunFiles;
import org.sparklstm.core.run.RunLayout;
import org.sparklstm.core.run.WriteGuard;
import org.sparklstm.job.report.HistogramChart;
import org.sparklstm.job.score.CorpusScorer;
import org.sparklstm.job.score.DocumentScore;
import org.sparklstm.job.score.ScoreSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code score}: every document of a corpus scored by a model on the executors ({@link CorpusScorer}), written
 * with its identity under {@code --output}, and a summary ({@link ScoreSummary}) written last.
 */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Score every document of a corpus with a model, on Spark's executors: each document's bits "
                + "per token, written under --output as " + RunLayout.SCORES + "/ (Parquet or JSON Lines, with the "
                + "document's identity, tokens and unknown tokens), and " + RunLayout.SCORE_SUMMARY + ": the "
                + "token-weighted mean (evaluate's figure on the same corpus), quantiles, a histogram (also drawn as "
                + RunLayout.SCORE_HISTOGRAM + ") and the most surprising documents with the start of their text.",
                "The corpus is read in the model's format (files, Parquet, tables and queries alike). Rerunning "
                        + "into the same --output replaces what it holds; the summary is written last."})
public final class ScoreCommand implements Callable<Integer> {
    /** How the scores are written. */
    enum Written {
        /** Parquet part files. */
        PARQUET,
        /** JSON Lines part files. */
        JSONL
    }

    @Spec
    CommandSpec spec;

    @Mixin
    CheckpointOption checkpoint;

    @Mixin
    ScoringOptions scoring;

    @Option(names = "--output", required = true, paramLabel = "URI",
            description = "where the scores and their summary are written")
    String output;

    @Option(names = "--as", defaultValue = "parquet", paramLabel = "parquet|jsonl",
            description = "how the scores are written (default ${DEFAULT-VALUE})")
    String as;

    @Option(names = "--top", defaultValue = "20", paramLabel = "N",
            description = "the most surprising documents listed in the summary (default ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--min-tokens", defaultValue = "20", paramLabel = "N",
            description = "the fewest tokens a document listed among the most surprising, or counted in the "
                    + "histogram, has (default ${DEFAULT-VALUE})")
    long minTokens;

    @Override
    public Integer call() throws IOException {
        Written written = switch (as) {
            case "parquet" -> Written.PARQUET;
            case "jsonl" -> Written.JSONL;
            default -> throw new ConfigException("as", "parquet or jsonl, got " + as);
        };
        ModelBundle bundle = checkpoint.locate().load();
        URI root = URI.create(output);
        try (JavaSparkContext sc = new JavaSparkContext(checkpoint.conf.sparkConf(scoring.master))) {
            JavaRDD<DocumentScore> scores = scoring.score(sc, bundle, root, CorpusScorer.EXCERPT)
                    .persist(StorageLevel.MEMORY_AND_DISK_SER());
            FileIO io = HadoopFileIO.of(root, sc.hadoopConfiguration());
            io.delete(RunLayout.SCORE_SUMMARY);
            io.delete(RunLayout.SCORE_HISTOGRAM);
            write(sc, scores, io.uri(RunLayout.SCORES).toString(), written);
            ObjectNode summary = ScoreSummary.of(scores, top, minTokens);
            ScoreSummary.Histogram histogram = ScoreSummary.histogram(scores, minTokens);
            if (histogram != null) {
                summary.set("histogram", histogram.json());
                io.write(RunLayout.SCORE_HISTOGRAM, HistogramChart.png("Bits per token of each " + scoring.per().label()
                        + " with " + minTokens + " tokens or more", "bits per token", histogram.edges(),
                        histogram.counts()));
            }
            ObjectNode header = scoring.header(checkpoint.checkpoint, bundle);
            header.put("scores", io.uri(RunLayout.SCORES).toString()).put("written_as", as);
            header.setAll(summary);
            // whole or not at all: a root without it is unfinished, never one with half of it
            new RunFiles(io, WriteGuard.NONE).write(RunLayout.SCORE_SUMMARY,
                    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(header));
            scores.unpersist();
            spec.commandLine().getOut().println(new ObjectMapper().writeValueAsString(summary.deepCopy()
                    .without(List.of("most_surprising", "histogram"))));
        }
        return ExitCode.OK.code();
    }

    /** Writes one row per document: its identity, offset, tokens, bits per token and unknown tokens. */
    private static void write(JavaSparkContext sc, JavaRDD<DocumentScore> scores, String path, Written written) {
        StructType schema = new StructType().add("source", DataTypes.StringType).add("offset", DataTypes.LongType)
                .add("tokens", DataTypes.LongType).add("bits_per_token", DataTypes.DoubleType)
                .add("unknown_tokens", DataTypes.LongType);
        SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
        Dataset<Row> rows = spark.createDataFrame(scores.map(s -> RowFactory.create(s.source(), s.offset(),
                s.tokens(), s.bitsPerToken(), s.unknown())), schema);
        if (written == Written.PARQUET) {
            rows.write().mode(SaveMode.Overwrite).parquet(path);
        } else {
            rows.write().mode(SaveMode.Overwrite).json(path);
        }
    }
}
