package org.sparklstm.job.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
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
import org.sparklstm.core.eval.WindowScorer;
import org.sparklstm.datasets.CorpusException;
import org.sparklstm.datasets.codec.SequenceCodec;
import org.sparklstm.datasets.corpus.CorpusFormat;
import org.sparklstm.datasets.corpus.Document;
import org.sparklstm.datasets.window.Windows;
import org.sparklstm.job.data.Corpus;
import org.sparklstm.job.data.FileRead;
import org.sparklstm.job.data.ReadLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code evaluate}: the model's negative log-likelihood per token on a corpus, scored window by window exactly as
 * the validation split is during training, with the corpus read in the model's format; with {@code --mix-with},
 * of its interpolation with a second model.
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

    @Override
    public Integer call() throws IOException {
        Configuration hadoop = checkpoint.hadoop();
        List<String> files = Corpus.listFiles(corpus, hadoop);
        ModelBundle bundle = checkpoint.locate().load();
        SequenceCodec codec = bundle.codec();
        CorpusFormat format = bundle.config().corpusFormat();
        ModelBundle other = mixWith == null ? null : CheckpointStore.locate(URI.create(mixWith), hadoop).load();
        if (other != null && !CodecJson.write(other.codec()).equals(CodecJson.write(codec))) {
            throw new ConfigException("mix-with", mixWith + " was trained with another codec (vocabulary) than "
                    + checkpoint.checkpoint + "; a mixture needs both models over the same symbols");
        }
        WindowScorer scorer = new WindowScorer(bundle.model());
        WindowScorer otherScorer = other == null ? null : new WindowScorer(other.model());
        DoubleArrayList mine = new DoubleArrayList();
        DoubleArrayList theirs = new DoubleArrayList();
        LogLoss total = LogLoss.ZERO;
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
                    total = total.plus(scorer.scoreAll(Windows.lazily(ids, bundle.config().sequenceLength())));
                } else {
                    List<int[]> windows = Windows.cut(ids, bundle.config().sequenceLength());
                    mine.addElements(mine.size(), scorer.probabilities(windows));
                    theirs.addElements(theirs.size(), otherScorer.probabilities(windows));
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
        out.put("model", bundle.model().kind());
        out.put("format", format.name());
        if (other != null) {
            out.put("mixed_with", other.model().kind());
            out.put("mixture_weight", MixtureWeight.fit(mine.toDoubleArray(), theirs.toDoubleArray()));
            out.put("model_bits_per_token", WindowScorer.loss(mine.toDoubleArray()).bitsPerToken());
            out.put("mixed_with_bits_per_token", WindowScorer.loss(theirs.toDoubleArray()).bitsPerToken());
        }
        out.put("bits_per_token", total.bitsPerToken());
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
