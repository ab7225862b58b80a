package org.sparklstm.datasets.rows;

import org.sparklstm.datasets.CorpusException;
import org.sparklstm.datasets.corpus.BadInputPolicy;
import org.sparklstm.datasets.corpus.ParsedFile;
import org.sparklstm.datasets.corpus.PartBoundary;

/**
 * Rows of a table: Parquet files, a table in Spark's session catalog ({@code table:db.name}) or a query's result
 * ({@code sql:SELECT ...}), read by Spark SQL, not file by file (so {@link #parse} refuses). Each row's text
 * column is one document, coded like plain text.
 */
public final class TableFormat extends RowsFormat {
    private static final long serialVersionUID = 1L;

    /** The format's name. */
    public static final String NAME = "parquet";

    /**
     * @param policy what to do with a binary text column's value that is not valid UTF-8
     * @param options the text and identity columns, and the size limit
     */
    public TableFormat(BadInputPolicy policy, RowOptions options) {
        super(policy, options);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** @return true: Spark SQL reads the table */
    @Override
    public boolean readsTables() {
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
}
