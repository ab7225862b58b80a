package org.sparklstm.job.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.sparklstm.core.bundle.ModelBundle;
import org.sparklstm.core.eval.LogLoss;
import org.sparklstm.core.eval.WindowScorer;
import org.sparklstm.datasets.codec.CharacterCodec;
import org.sparklstm.datasets.text.TextDecoder;
import org.sparklstm.datasets.window.Windows;
import org.sparklstm.job.data.TextCorpus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code evaluate}: the model's bits per token on a corpus, scored window by window exactly as the validation
 * split is during training.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Print one JSON line with the model's bits_per_token on a corpus; runs without Spark.")
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
        List<String> files = TextCorpus.listFiles(corpus, hadoop);
        ModelBundle bundle = checkpoint.locate().load();
        CharacterCodec codec = bundle.codec();
        WindowScorer scorer = new WindowScorer(bundle.network(), codec.vocabularySize());
        LogLoss total = LogLoss.ZERO;
        long unknown = 0;
        for (String file : files) {
            Path path = new Path(file);
            byte[] bytes;
            try (InputStream in = path.getFileSystem(hadoop).open(path)) {
                bytes = in.readAllBytes();
            }
            int[] ids = codec.encode(TextDecoder.decodeUtf8(bytes, file));
            for (int id : ids) {
                unknown += id == codec.unknownId() ? 1 : 0;
            }
            total = total.plus(scorer.scoreAll(Windows.cut(ids, bundle.config().sequenceLength()).iterator()));
        }
        ObjectNode out = new ObjectMapper().createObjectNode();
        out.put("bits_per_token", total.bitsPerToken());
        out.put("tokens", total.tokens());
        out.put("unknown_tokens", unknown);
        out.put("files", files.size());
        spec.commandLine().getOut().println(out);
        return ExitCodes.OK;
    }
}
