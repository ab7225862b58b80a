package org.sparklstm.job.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparklstm.core.bundle.ModelBundle;
import org.sparklstm.core.config.ConfigException;
import org.sparklstm.core.config.DataKeys;
import org.sparklstm.datasets.codec.CharacterCodec;
import org.sparklstm.job.data.Corpus;
import org.sparklstm.job.data.ReadLimits;
import org.sparklstm.job.score.CorpusScorer;
import org.sparklstm.job.score.DocumentScore;
import org.sparklstm.job.score.Per;
import picocli.CommandLine.Option;

/** What {@code score} and {@code filter} share: the corpus, what is scored (documents, lines or windows), the master. */
final class ScoringOptions {
    @Option(names = "--corpus", arity = "1..*", required = true, paramLabel = "PATH",
            description = "corpus files, folders or globs; table:NAME and sql:QUERY for a model of rows")
    List<String> corpus;

    @Option(names = "--per", defaultValue = "document", paramLabel = "document|line|window",
            description = "score each document, each line of text, or each window of the model's sequence length "
                    + "(a stretch of a MIDI performance), a line or window after the document's tokens before it "
                    + "(default ${DEFAULT-VALUE})")
    String per;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master (default: spark.master from spark-submit, else local[*])")
    String master;

    /**
     * @return what is scored
     * @throws ConfigException naming {@code per} for another value than document, line or window
     */
    Per per() {
        return Per.of(per);
    }

    /**
     * @param sc the Spark context
     * @param bundle the model
     * @param output the command's output root, never read as corpus
     * @param textKept how much of each document's text its score keeps
     * @return every document's (or line's) score, lazily
     * @throws ConfigException naming {@code per} for another value, or lines asked of a model that is not of text
     * @throws IOException if the corpus cannot be listed
     */
    JavaRDD<DocumentScore> score(JavaSparkContext sc, ModelBundle bundle, URI output, int textKept)
            throws IOException {
        if (per() == Per.LINE && !(bundle.codec() instanceof CharacterCodec)) {
            throw new ConfigException("per", "lines are scored for models of text (--per window for others); this is a "
                    + bundle.config().corpusFormat().name() + " model");
        }
        Corpus read = Corpus.open(sc, corpus, bundle.config().corpusFormat(), ReadLimits.of(bundle.config()),
                List.of(output));
        return CorpusScorer.score(sc, bundle, read, bundle.config().get(DataKeys.EVAL_CONTEXT), per(), textKept);
    }

    /**
     * @param checkpoint where the model was read from
     * @param bundle the model
     * @return what a report of scores starts with: the checkpoint, the model, its iteration and format, what was
     *         scored and the corpus
     */
    ObjectNode header(String checkpoint, ModelBundle bundle) {
        ObjectNode header = new ObjectMapper().createObjectNode();
        header.put("checkpoint", checkpoint).put("model", bundle.model().kind())
                .put("iteration", bundle.state().iteration()).put("format", bundle.config().corpusFormat().name())
                .put("per", per);
        ArrayNode paths = header.putArray("corpus");
        corpus.forEach(paths::add);
        return header;
    }
}
