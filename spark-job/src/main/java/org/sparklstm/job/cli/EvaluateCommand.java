package org.sparklstm.job.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.sparklstm.core.bundle.ModelBundle;
import org.sparklstm.core.eval.LogLoss;
import org.sparklstm.core.eval.WindowScorer;
import org.sparklstm.datasets.CorpusException;
import org.sparklstm.datasets.codec.SequenceCodec;
import org.sparklstm.datasets.corpus.CorpusFormat;
import org.sparklstm.datasets.corpus.Document;
import org.sparklstm.datasets.window.Windows;
import org.sparklstm.job.data.Corpus;
import org.sparklstm.job.data.FileRead;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code evaluate}: the model's negative log-likelihood per token on a corpus, scored window by window exactly as
 * the validation split is during training, with the corpus read in the model's format.
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

    @Override
    public Integer call() throws IOException {
        Configuration hadoop = checkpoint.hadoop();
        List<String> files = Corpus.listFiles(corpus, hadoop);
        ModelBundle bundle = checkpoint.locate().load();
        SequenceCodec codec = bundle.codec();
        CorpusFormat format = bundle.config().corpusFormat();
        WindowScorer scorer = new WindowScorer(bundle.network(), codec.vocabularySize());
        LogLoss total = LogLoss.ZERO;
        long unknown = 0;
        ObjectNode out = new ObjectMapper().createObjectNode();
        ArrayNode skipped = new ObjectMapper().createArrayNode();
        for (String file : files) {
            FileRead read = FileRead.of(file, hadoop, format);
            if (read.content().skipReason() != null) {
                skipped.addObject().put("path", file).put("reason", read.content().skipReason());
            }
            for (Document d : read.content().documents()) {
                int[] ids = codec.encode(d.symbols());
                for (int id : ids) {
                    unknown += id == codec.unknownId() ? 1 : 0;
                }
                total = total.plus(scorer.scoreAll(Windows.lazily(ids, bundle.config().sequenceLength())));
            }
        }
        if (total.tokens() == 0) {
            throw new CorpusException(String.join(",", corpus), "no usable " + format.name() + " data in "
                    + files.size() + " file(s); skipped: " + skipped);
        }
        out.put("format", format.name());
        out.put("bits_per_token", total.bitsPerToken());
        out.put("nll_per_token", total.bitsPerToken() * Math.log(2));
        out.put("tokens", total.tokens());
        out.put("unknown_tokens", unknown);
        out.put("files", files.size());
        out.put("files_skipped", skipped.size());
        out.set("skipped", skipped);
        spec.commandLine().getOut().println(out);
        return ExitCodes.OK;
    }
}
