package org.sparklstm.datasets.rows;

import java.util.Map;
import java.util.function.Supplier;
import org.sparklstm.datasets.codec.SequenceCodec;
import org.sparklstm.datasets.corpus.BadInputPolicy;
import org.sparklstm.datasets.corpus.CorpusFormat;
import org.sparklstm.datasets.text.TextFormat;

/**
 * What every format of rows shares: each row's text is one document, coded like plain text, under a bad-input
 * policy (for text that is not UTF-8) and the {@link RowOptions} (text and identity fields, size limit).
 */
abstract class RowsFormat implements CorpusFormat {
    private static final long serialVersionUID = 1L;

    private final BadInputPolicy policy;
    private final RowOptions options;
    private final TextFormat text;

    /**
     * @param policy what to do with a row's text that is not valid UTF-8
     * @param options the text and identity fields, and the size limit
     */
    RowsFormat(BadInputPolicy policy, RowOptions options) {
        this.policy = policy;
        this.options = options;
        this.text = new TextFormat(policy);
    }

    /** @return the bad-input policy */
    public final BadInputPolicy policy() {
        return policy;
    }

    /** @return the text and identity fields, and the size limit */
    public final RowOptions options() {
        return options;
    }

    /** @return true: each row is a document */
    @Override
    public final boolean ofRows() {
        return true;
    }

    @Override
    public final SequenceCodec newCodec(Supplier<Map<Integer, Long>> symbolCounts, int maxVocabulary) {
        return text.newCodec(symbolCounts, maxVocabulary);
    }

    @Override
    public final int[] defaultPrime(SequenceCodec codec) {
        return text.defaultPrime(codec);
    }
}
