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
 * figure. Works for every model family, since each scores through {@link SpanScorer}. Scored per line or per
 * window ({@link Per}), a line's or window's tokens are scored after the document's text before it (a log line's
 * surprise given the log so far), and their losses sum to the document's.
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
     * @param per what is given a score: each document, line of text or window
     * @param textKept how many code points of each document's (or part's) text its score keeps
     * @return every document's (or line's, or window's) score, lazily (cache it to use it twice)
     * @throws IOException if the model cannot be serialised for the executors
     */
    public static JavaRDD<DocumentScore> score(JavaSparkContext sc, ModelBundle bundle, Corpus corpus, int context,
                                               Per per, int textKept) throws IOException {
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
                    Iterator<Span> spans = Scoring.STREAM.spans(ids, sequenceLength, context);
                    if (per == Per.DOCUMENT) {
                        LogLoss loss = scorer.scoreAll(spans);
                        return List.of(new DocumentScore(d.source(), d.offset(), loss.tokens(), loss.bits(),
                                unknown(ids, codec, 0, ids.length), text ? excerpt(d.symbols(), 0, d.symbols().length,
                                textKept) : "")).iterator();
                    }
                    Parts parts = new Parts(d, ids, codec, per == Per.LINE ? 0 : sequenceLength,
                            text ? textKept : 0);
                    return parts.scored(spans, scorer).iterator();
                }
            };
        }).flatMap(it -> it);
    }

    /**
     * A document's lines or windows, scored from its stream's probabilities: a line ends with its {@code \n}; window
     * {@code k} holds ids {@code k*T} to {@code (k+1)*T} and predicts the last {@code T} of them, as training cuts it.
     * The document's first token, which nothing predicts, counts in no part.
     */
    private static final class Parts {
        private final Document document;
        private final int[] ids;
        private final SequenceCodec codec;
        private final int window;
        private final int textKept;
        private final List<DocumentScore> out = new ArrayList<>();
        /** The first id of the part being scored. */
        private int start;
        private double bits;
        private long tokens;

        /**
         * @param window the window length {@code T}, or 0 for lines
         * @param textKept how many code points of each part's text to keep (0 for music)
         */
        Parts(Document document, int[] ids, SequenceCodec codec, int window, int textKept) {
            this.document = document;
            this.ids = ids;
            this.codec = codec;
            this.window = window;
            this.textKept = textKept;
        }

        /**
         * @param spans the document's spans, scored a batch at a time (so a large part never holds all its
         *              probabilities at once)
         * @return each part's score: its tokens and their summed bits
         */
        List<DocumentScore> scored(Iterator<Span> spans, SpanScorer scorer) {
            if (window == 0 && ids.length > 0 && document.symbols()[0] == '\n') {
                end(1, 1);
            }
            List<Span> batch = new ArrayList<>(BATCH);
            int next = 1;
            while (spans.hasNext()) {
                batch.add(spans.next());
                if (batch.size() == BATCH || !spans.hasNext()) {
                    for (double p : scorer.probabilities(batch)) {
                        bits += SpanScorer.bits(p);
                        tokens++;
                        if (window > 0 && next % window == 0) {
                            end(next + 1, next);
                        } else if (window == 0 && document.symbols()[next] == '\n') {
                            end(next + 1, next + 1);
                        }
                        next++;
                    }
                    batch.clear();
                }
            }
            if (window == 0 ? start < ids.length : start + 1 < ids.length) {
                end(ids.length, ids.length);
            }
            return out;
        }

        /** Ends the part at id {@code to} (exclusive); the next starts at {@code nextStart}. */
        private void end(int to, int nextStart) {
            int[] symbols = document.symbols();
            int textEnd = window == 0 && to > start && symbols[to - 1] == '\n' ? to - 1 : to;
            out.add(new DocumentScore(document.source(), document.offset() + start, tokens, bits,
                    unknown(ids, codec, window > 0 ? start + 1 : start, to),
                    textKept > 0 ? excerpt(symbols, start, textEnd, textKept) : ""));
            start = nextStart;
            bits = 0;
            tokens = 0;
        }
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
