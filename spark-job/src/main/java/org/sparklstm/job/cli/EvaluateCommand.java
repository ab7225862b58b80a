package org.sparklstm.job.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import it.unimi.dsi.fastutil.doubles.DoubleArrayList;
import java.net.URI;
import org.sparklstm.core.bundle.ModelBundle;
import org.sparklstm.core.checkpoint.CheckpointStore;
import org.sparklstm.core.config.ConfigException;
import org.sparklstm.core.eval.MixtureScore;
import org.sparklstm.core.model.mixture.MixtureWeight;
import org.sparklstm.datasets.formats.CodecJson;
import org.sparklstm.core.eval.LogLoss;
import org.sparklstm.core.eval.Scoring;
import org.sparklstm.core.eval.SpanScorer;
import org.sparklstm.core.model.Span;
import org.sparklstm.core.config.DataKeys;
import org.sparklstm.datasets.CorpusException;
import org.sparklstm.datasets.codec.SequenceCodec;
import org.sparklstm.datasets.corpus.CorpusFormat;
import org.sparklstm.datasets.corpus.Document;
import org.sparklstm.job.data.Corpus;
import org.sparklstm.job.data.FileRead;
import org.sparklstm.job.data.ReadLimits;
import org.sparklstm.job.data.TableCorpus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code evaluate}: the model's negative log-likelihood per token on a corpus read in the model's format, each
 * document scored as one stream (or, with {@code --scoring windows}, in independent windows as training reads
 * them); with {@code --mix-with}, of its interpolation with a second model.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Print one JSON line with the model's bits_per_token and nll_per_token (nats; per event for "
                + "MIDI) on a corpus read in the model's format; runs without Spark.")
public final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CheckpointOption checkpoint;

    @Option(names = "--corpus", arity = "1..*", required = true, paramLabel = "PATH",
            description = "corpus files, folders or globs")
    List<String> corpus;

    @Option(names = "--mix-with", paramLabel = "URI",
            description = "a second model (run root or checkpoint folder) with the same codec, e.g. a Markov chain: "
                    + "scores their interpolation, the weight fitted on alternate tokens and scored on the others "
                    + "(two-fold), and reports each model alone and the weight fitted on all tokens")
    String mixWith;

    @Option(names = "--scoring", paramLabel = "HOW", defaultValue = "stream",
            description = "stream (default): each document scored as one sequence, the state carried across it; "
                    + "windows: in windows of sequence-length + 1 tokens as training cuts them, each from an empty "
                    + "state (or after --context tokens, as validation reads them); both: the stream's figure, "
                    + "with the windows' (from an empty state) beside it")
    ScoringOption scoring;

    @Option(names = "--context", paramLabel = "TOKENS",
            description = "the tokens read, unscored, before each stretch of " + Scoring.STRETCH + " tokens of a "
                    + "stream (default: the model's eval-context), or before each window (default 0)")
    Integer contextTokens;

    /** What {@code --scoring} asks for. */
    enum ScoringOption {
        /** The held-out stream. */
        STREAM,
        /** Independent windows. */
        WINDOWS,
        /** The stream, and the windows beside it. */
        BOTH
    }

    @Override
    public Integer call() throws IOException {
        Configuration hadoop = checkpoint.hadoop();
        ModelBundle bundle = checkpoint.locate().load();
        SequenceCodec codec = bundle.codec();
        CorpusFormat trained = bundle.config().corpusFormat();
        CorpusFormat format = trained.filesFormat();
        boolean tables = corpus.stream().anyMatch(TableCorpus::namesTable);
        List<String> files = tables ? List.of() : Corpus.listFiles(corpus, hadoop);
        if (tables || files.stream().anyMatch(f -> f.endsWith(".parquet"))) {
            throw new ConfigException("corpus", String.join(" ", corpus) + ": evaluate scores files one by one "
                    + "without Spark, and Parquet files, tables and queries are read by Spark SQL; score "
                    + format.name() + " files with this model, or see the run's own validation on the stream "
                    + "(metrics.jsonl)");
        }
        ModelBundle other = mixWith == null ? null : CheckpointStore.locate(URI.create(mixWith), hadoop).load();
        if (other != null && !CodecJson.write(other.codec()).equals(CodecJson.write(codec))) {
            throw new ConfigException("mix-with", mixWith + " was trained with another codec (vocabulary) than "
                    + checkpoint.checkpoint + "; a mixture needs both models over the same symbols");
        }
        Scoring primary = scoring == ScoringOption.WINDOWS ? Scoring.WINDOWS : Scoring.STREAM;
        int sequenceLength = bundle.config().sequenceLength();
        int context = contextTokens != null ? contextTokens
                : primary == Scoring.STREAM ? bundle.config().get(DataKeys.EVAL_CONTEXT) : 0;
        SpanScorer scorer = new SpanScorer(bundle.model());
        SpanScorer otherScorer = other == null ? null : new SpanScorer(other.model());
        DoubleArrayList mine = new DoubleArrayList();
        DoubleArrayList theirs = new DoubleArrayList();
        LogLoss total = LogLoss.ZERO;
        LogLoss windowed = LogLoss.ZERO;
        long unknown = 0;
        ObjectNode out = new ObjectMapper().createObjectNode();
        ArrayNode skipped = new ObjectMapper().createArrayNode();
        for (String file : files) {
            FileRead read = FileRead.of(file, hadoop, format, ReadLimits.of(bundle.config()).maxFileBytes());
            if (read.content().skipReason() != null) {
                skipped.addObject().put("path", file).put("reason", read.content().skipReason());
            }
            for (Document d : read.content().documents()) {
                int[] ids = codec.encode(d.symbols());
                for (int id : ids) {
                    unknown += id == codec.unknownId() ? 1 : 0;
                }
                if (other == null) {
                    total = total.plus(scorer.scoreAll(primary.spans(ids, sequenceLength, context)));
                } else {
                    List<Span> spans = new ArrayList<>();
                    primary.spans(ids, sequenceLength, context).forEachRemaining(spans::add);
                    mine.addElements(mine.size(), scorer.probabilities(spans));
                    theirs.addElements(theirs.size(), otherScorer.probabilities(spans));
                }
                if (scoring == ScoringOption.BOTH) {
                    windowed = windowed.plus(scorer.scoreAll(Scoring.WINDOWS.spans(ids, sequenceLength, 0)));
                }
            }
        }
        if (other != null && !mine.isEmpty()) {
            total = MixtureScore.crossFitted(mine.toDoubleArray(), theirs.toDoubleArray());
        }
        if (total.tokens() == 0) {
            throw new CorpusException(String.join(",", corpus), "no usable " + format.name() + " data in "
                    + files.size() + " file(s); skipped: " + skipped);
        }
        out.put("scoring", primary.name().toLowerCase(Locale.ROOT));
        out.put("context_tokens", context);
        out.put("model", bundle.model().kind());
        out.put("iteration", bundle.state().iteration());
        out.put("format", format.name());
        if (other != null) {
            out.put("mixed_with", other.model().kind());
            out.put("mixture_weight", MixtureWeight.fit(mine.toDoubleArray(), theirs.toDoubleArray()));
            out.put("model_bits_per_token", SpanScorer.loss(mine.toDoubleArray()).bitsPerToken());
            out.put("mixed_with_bits_per_token", SpanScorer.loss(theirs.toDoubleArray()).bitsPerToken());
        }
        out.put("bits_per_token", total.bitsPerToken());
        if (scoring == ScoringOption.BOTH) {
            out.put("window_bits_per_token", windowed.bitsPerToken());
        }
        out.put("nll_per_token", total.bitsPerToken() * Math.log(2));
        out.put("tokens", total.tokens());
        out.put("unknown_tokens", unknown);
        out.put("files", files.size());
        out.put("files_skipped", skipped.size());
        out.set("skipped", skipped);
        spec.commandLine().getOut().println(out);
        return ExitCode.OK.code();
    }
}
