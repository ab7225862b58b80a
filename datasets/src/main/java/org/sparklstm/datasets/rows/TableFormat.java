package org.sparklstm.datasets.rows;

import java.util.List;
import org.sparklstm.datasets.CorpusException;
import org.sparklstm.datasets.corpus.BadInputPolicy;
import org.sparklstm.datasets.corpus.BadRows;
import org.sparklstm.datasets.corpus.CorpusFormat;
import org.sparklstm.datasets.corpus.Document;
import org.sparklstm.datasets.corpus.ParsedFile;
import org.sparklstm.datasets.corpus.PartBoundary;
import org.sparklstm.datasets.text.TextFormat;

/**
 * Rows of a table: Parquet files, a table in Spark's session catalog ({@code table:db.name}) or a query's result
 * ({@code sql:SELECT ...}), read by Spark SQL, not file by file (so {@link #parse} refuses). Each row's text
 * column is one document, coded like plain text.
 */
public final class TableFormat extends RowsFormat implements TableRows {
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

    /** @return true: a string column holds text, as a binary one holding UTF-8 does */
    @Override
    public boolean takesStrings() {
        return true;
    }

    /** The cell's UTF-8, decoded straight to code points when valid (see {@link RowText#addUtf8}). */
    @Override
    public long addCell(String identity, byte[] bytes, String file, List<Document> documents, BadRows.Tally bad) {
        return RowText.addUtf8(identity, bytes, options().maxRowBytes(), policy(), file, documents, bad);
    }

    /** @return plain text: a model of text rows scores text files */
    @Override
    public CorpusFormat filesFormat() {
        return new TextFormat(policy());
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
