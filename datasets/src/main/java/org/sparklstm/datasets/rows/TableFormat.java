package org.sparklstm.datasets.rows;

import java.util.Map;
import java.util.function.Supplier;
import org.sparklstm.datasets.CorpusException;
import org.sparklstm.datasets.codec.SequenceCodec;
import org.sparklstm.datasets.corpus.BadInputPolicy;
import org.sparklstm.datasets.corpus.CorpusFormat;
import org.sparklstm.datasets.corpus.ParsedFile;
import org.sparklstm.datasets.corpus.PartBoundary;
import org.sparklstm.datasets.text.TextFormat;

/**
 * Rows of a table: Parquet files, a table in Spark's session catalog ({@code table:db.name}) or a query's result
 * ({@code sql:SELECT ...}), read by Spark SQL, not file by file (so {@link #parse} refuses). Each row's text
 * column is one document, coded like plain text.
 */
public final class TableFormat implements CorpusFormat {
    private static final long serialVersionUID = 1L;

    /** The format's name. */
    public static final String NAME = "parquet";

    private final BadInputPolicy policy;
    private final RowOptions options;
    private final TextFormat text;

    /**
     * @param policy what to do with a binary text column's value that is not valid UTF-8
     * @param options the text and identity columns, and the size limit
     */
    public TableFormat(BadInputPolicy policy, RowOptions options) {
        this.policy = policy;
        this.options = options;
        this.text = new TextFormat(policy);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** @return the bad-input policy, for a binary text column */
    public BadInputPolicy policy() {
        return policy;
    }

    /** @return the text and identity columns, and the size limit */
    public RowOptions options() {
        return options;
    }

    /** @return true: Spark SQL reads the table */
    @Override
    public boolean readsTables() {
        return true;
    }

    /** @return true: each row is a document */
    @Override
    public boolean ofRows() {
        return true;
    }

    /** @return NONE: Spark SQL cuts the table into tasks (Parquet row groups) itself */
    @Override
    public PartBoundary partBoundary() {
        return PartBoundary.NONE;
    }

    /** @throws CorpusException always: a table is read by Spark SQL */
    @Override
    public ParsedFile parse(String source, byte[] bytes) {
        throw new CorpusException(source, "a parquet corpus is read by Spark SQL, not file by file");
    }

    @Override
    public SequenceCodec newCodec(Supplier<Map<Integer, Long>> symbolCounts, int maxVocabulary) {
        return text.newCodec(symbolCounts, maxVocabulary);
    }

    @Override
    public int[] defaultPrime(SequenceCodec codec) {
        return text.defaultPrime(codec);
    }
}
