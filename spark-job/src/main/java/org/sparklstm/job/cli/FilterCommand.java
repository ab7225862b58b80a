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
import org.sparklstm.core.config.DataKeys;
import org.sparklstm.core.io.FileIO;
import org.sparklstm.core.io.HadoopFileIO;
import org.sparklstm.core.run.RunFiles;
import org.sparklstm.core.run.RunLayout;
import org.sparklstm.core.run.WriteGuard;
import org.sparklstm.datasets.corpus.CorpusFormat;
import org.sparklstm.datasets.rows.JsonLinesFormat;
import org.sparklstm.datasets.rows.TableFormat;
import org.sparklstm.datasets.text.TextFormat;
import org.sparklstm.job.data.TableCorpus;
import org.sparklstm.job.score.CorpusScorer;
import org.sparklstm.job.score.DocumentScore;
import org.sparklstm.job.score.Per;
import org.sparklstm.job.score.ScoreSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code filter}: the documents (or lines) a model scores at or under a threshold of bits per token, written in the
 * corpus's own format under {@code --output}, and a report of what was kept and dropped, written last.
 */
@Command(name = "filter", mixinStandardHelpOptions = true,
        description = {"Keep the documents (or, with --per line, the lines) of a corpus that a model scores at or "
                + "under --max-bits bits per token, scored on Spark's executors as score does; write them under "
                + "--output as " + RunLayout.KEPT + "/ in the corpus's own format (text: text files, a line each "
                + "with --per line; jsonl: JSON Lines, with the text and the row's identity; parquet and tables: Parquet, "
                + "each kept row with all its columns, or with --per line the lines with the row's identity), "
                + "and " + RunLayout.FILTER_REPORT + ": what was kept and dropped, and the most surprising dropped.",
                "A document with no token to predict is kept. Rerunning into the same --output replaces what it "
                        + "holds; the report is written last."})
public final class FilterCommand implements Callable<Integer> {
    /** The columns that join the kept documents' sources to their rows' identities (names no table uses). */
    private static final String KEPT_SOURCE = "__spark_lstm_kept_source";
    private static final String ROW_IDENTITY = "__spark_lstm_row_identity";

    @Spec
    CommandSpec spec;

    @Mixin
    CheckpointOption checkpoint;

    @Mixin
    ScoringOptions scoring;

    @Option(names = "--max-bits", required = true, paramLabel = "BITS",
            description = "the most bits per token a kept document (or line) scores")
    double maxBits;

    @Option(names = "--output", required = true, paramLabel = "URI",
            description = "where what is kept and the report are written")
    String output;

    @Option(names = "--top", defaultValue = "20", paramLabel = "N",
            description = "the most surprising dropped documents listed in the report (default ${DEFAULT-VALUE})")
    int top;

    @Override
    public Integer call() throws IOException {
        ModelBundle bundle = checkpoint.locate().load();
        CorpusFormat format = bundle.config().corpusFormat();
        if (!(format instanceof TextFormat || format instanceof JsonLinesFormat || format instanceof TableFormat)) {
            throw new ConfigException(DataKeys.FORMAT.name(), format.name() + ": filter writes text, JSON Lines and "
                    + "Parquet corpora; score this one and select from its scores");
        }
        if (scoring.per() == Per.WINDOW) {
            throw new ConfigException("per", "filter keeps documents or lines; windows share their first token with "
                    + "the window before, so kept windows would repeat text");
        }
        URI root = URI.create(output);
        double threshold = maxBits;
        try (JavaSparkContext sc = new JavaSparkContext(checkpoint.conf.sparkConf(scoring.master))) {
            JavaRDD<DocumentScore> scores = scoring.score(sc, bundle, root, CorpusScorer.WHOLE_TEXT)
                    .persist(StorageLevel.MEMORY_AND_DISK_SER());
            FileIO io = HadoopFileIO.of(root, sc.hadoopConfiguration());
            io.delete(RunLayout.FILTER_REPORT);
            JavaRDD<DocumentScore> kept = scores.filter(s -> !(s.bitsPerToken() > threshold));
            JavaRDD<DocumentScore> dropped = scores.filter(s -> s.bitsPerToken() > threshold);
            String keptPath = io.uri(RunLayout.KEPT).toString();
            write(sc, kept, keptPath, format, io, root);
            ObjectNode report = scoring.header(checkpoint.checkpoint, bundle);
            report.put("max_bits", maxBits).put("kept_path", keptPath);
            report.set("kept", ScoreSummary.totals(kept));
            report.set("dropped", ScoreSummary.totals(dropped));
            report.set("most_surprising_dropped", ScoreSummary.mostSurprising(dropped, top, 0));
            // whole or not at all: a root without it is unfinished, never one with half of it
            new RunFiles(io, WriteGuard.NONE).write(RunLayout.FILTER_REPORT,
                    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
            scores.unpersist();
            spec.commandLine().getOut().println("Kept " + report.get("kept").get("documents") + ", dropped "
                    + report.get("dropped").get("documents") + "; " + keptPath);
        }
        return ExitCode.OK.code();
    }

    /**
     * Writes what is kept: text as text files (each document, or line, then a newline); rows of tables as Parquet,
     * each whole row with all its columns; lines of rows, and JSON Lines rows, with their text under the model's
     * text field or column and their identity as {@code source}.
     */
    private void write(JavaSparkContext sc, JavaRDD<DocumentScore> kept, String path, CorpusFormat format,
                       FileIO io, URI root) throws IOException {
        io.delete(RunLayout.KEPT);
        if (format instanceof TextFormat) {
            kept.map(DocumentScore::excerpt).saveAsTextFile(path);
            return;
        }
        SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
        if (format instanceof TableFormat table && scoring.per() == Per.DOCUMENT) {
            Dataset<Row> keptSources = spark.createDataFrame(kept.map(s -> RowFactory.create(s.source())),
                    new StructType().add(KEPT_SOURCE, DataTypes.StringType));
            Dataset<Row> rows = TableCorpus.identified(sc, scoring.corpus, table, List.of(root), ROW_IDENTITY);
            if (rows == null) {
                io.mkdirs(RunLayout.KEPT); // no file held text, so nothing was scored or kept
                return;
            }
            rows.join(keptSources, rows.col(ROW_IDENTITY).equalTo(keptSources.col(KEPT_SOURCE)), "left_semi")
                    .drop(ROW_IDENTITY).write().mode(SaveMode.Overwrite).parquet(path);
            return;
        }
        String field = format instanceof TableFormat table ? table.options().textField()
                : ((JsonLinesFormat) format).options().textField();
        String column = field.substring(field.lastIndexOf('.') + 1);
        StructType schema = new StructType().add("source", DataTypes.StringType).add("offset", DataTypes.LongType)
                .add(column, DataTypes.StringType);
        Dataset<Row> rows = spark.createDataFrame(kept.map(s -> RowFactory.create(s.source(), s.offset(),
                s.excerpt())), schema);
        if (format instanceof TableFormat) {
            rows.write().mode(SaveMode.Overwrite).parquet(path);
        } else {
            rows.write().mode(SaveMode.Overwrite).json(path);
        }
    }
}
