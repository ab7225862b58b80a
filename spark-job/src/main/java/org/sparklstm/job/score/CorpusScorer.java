package org.sparklstm.job.score;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.sparklstm.core.bundle.ModelBundle;
import org.sparklstm.core.bundle.ModelFiles;
import org.sparklstm.core.eval.LogLoss;
import org.sparklstm.core.eval.Scoring;
import org.sparklstm.core.eval.SpanScorer;
import org.sparklstm.core.model.Span;
import org.sparklstm.datasets.codec.CharacterCodec;
import org.sparklstm.datasets.codec.SequenceCodec;
import org.sparklstm.datasets.corpus.Document;
import org.sparklstm.job.data.Corpus;

/**
 * Scores every document of a corpus on the executors. The model goes out once, as a broadcast of its bundle form,
 * and is read once per task. Each document is scored as {@code evaluate} scores it: one stream, each window after
 * {@code context} tokens of the text before it. So the token-weighted mean over a corpus is {@code evaluate}'s
 * figure. Works for every model family, since each scores through {@link SpanScorer}. Scored per line, a line's
 * tokens are scored after the document's text before it (a log line's surprise given the log so far), and the
 * lines' losses sum to the document's.
 */
public final class CorpusScorer {
    /** The code points of each document's start kept for {@code score}, for the most surprising to be read. */
    public static final int EXCERPT = 200;
    /** Keep each document's (or line's) whole text, as {@code filter} writes it. */
    public static final int WHOLE_TEXT = Integer.MAX_VALUE;
    /** Spans scored together when lines are scored. */
    private static final int BATCH = 64;

    private CorpusScorer() {
    }

    /**
     * @param sc the Spark context
     * @param bundle the model, its codec and configuration (its sequence length)
     * @param corpus the corpus, read in the model's format
     * @param context the tokens of context each window is scored after
     * @param perLine score each line of text (its tokens, after the document's text before it) instead of each
     *                document
     * @param textKept how many code points of each document's (or line's) text its score keeps
     * @return every document's (or line's) score, lazily (cache it to use it twice)
     * @throws IOException if the model cannot be serialised for the executors
     */
    public static JavaRDD<DocumentScore> score(JavaSparkContext sc, ModelBundle bundle, Corpus corpus, int context,
                                               boolean perLine, int textKept) throws IOException {
        HashMap<String, byte[]> files = new HashMap<>();
        ModelFiles.write(bundle.model(), files);
        Broadcast<HashMap<String, byte[]>> model = sc.broadcast(files);
        SequenceCodec codec = bundle.codec();
        int sequenceLength = bundle.config().sequenceLength();
        boolean text = codec instanceof CharacterCodec;
        return corpus.documents().mapPartitions(documents -> {
            if (!documents.hasNext()) {
                return Collections.emptyIterator();
            }
            SpanScorer scorer = new SpanScorer(ModelFiles.read(model.value()));
            return new Iterator<Iterator<DocumentScore>>() {
                @Override
                public boolean hasNext() {
                    return documents.hasNext();
                }

                @Override
                public Iterator<DocumentScore> next() {
                    Document d = documents.next();
                    int[] ids = codec.encode(d.symbols());
                    if (!perLine) {
                        LogLoss loss = scorer.scoreAll(Scoring.STREAM.spans(ids, sequenceLength, context));
                        return List.of(new DocumentScore(d.source(), d.offset(), loss.tokens(), loss.bits(),
                                unknown(ids, codec, 0, ids.length), text ? excerpt(d.symbols(), 0, d.symbols().length,
                                textKept) : "")).iterator();
                    }
                    return lines(d, ids, Scoring.STREAM.spans(ids, sequenceLength, context), scorer, codec,
                            textKept).iterator();
                }
            };
        }).flatMap(it -> it);
    }

    /**
     * @param spans the document's spans, scored a batch at a time (so a large part never holds all its
     *              probabilities at once)
     * @return each line's score: its tokens (a line's {@code \n} ends it) and their summed bits; the document's
     *         first token, which nothing predicts, counts in no line
     */
    private static List<DocumentScore> lines(Document d, int[] ids, Iterator<Span> spans, SpanScorer scorer,
                                             SequenceCodec codec, int textKept) {
        int[] symbols = d.symbols();
        List<DocumentScore> out = new ArrayList<>();
        List<Span> batch = new ArrayList<>(BATCH);
        int next = 1;
        int lineStart = 0;
        double bits = 0;
        long tokens = 0;
        if (symbols.length > 0 && symbols[0] == '\n') {
            out.add(line(d, ids, codec, 0, 1, 0, 0, textKept));
            lineStart = 1;
        }
        while (spans.hasNext()) {
            batch.add(spans.next());
            if (batch.size() == BATCH || !spans.hasNext()) {
                for (double p : scorer.probabilities(batch)) {
                    bits += SpanScorer.bits(p);
                    tokens++;
                    if (symbols[next] == '\n') {
                        out.add(line(d, ids, codec, lineStart, next + 1, tokens, bits, textKept));
                        lineStart = next + 1;
                        bits = 0;
                        tokens = 0;
                    }
                    next++;
                }
                batch.clear();
            }
        }
        if (lineStart < symbols.length) {
            out.add(line(d, ids, codec, lineStart, symbols.length, tokens, bits, textKept));
        }
        return out;
    }

    private static DocumentScore line(Document d, int[] ids, SequenceCodec codec, int from, int to, long tokens,
                                      double bits, int textKept) {
        int textEnd = to > from && d.symbols()[to - 1] == '\n' ? to - 1 : to;
        return new DocumentScore(d.source(), d.offset() + from, tokens, bits, unknown(ids, codec, from, to),
                excerpt(d.symbols(), from, textEnd, textKept));
    }

    private static long unknown(int[] ids, SequenceCodec codec, int from, int to) {
        long unknown = 0;
        for (int i = from; i < to; i++) {
            unknown += ids[i] == codec.unknownId() ? 1 : 0;
        }
        return unknown;
    }

    private static String excerpt(int[] symbols, int from, int to, int textKept) {
        return new String(symbols, from, Math.min(textKept, to - from));
    }
}
