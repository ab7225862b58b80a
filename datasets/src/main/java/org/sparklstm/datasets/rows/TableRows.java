package org.sparklstm.datasets.rows;

import java.util.List;
import org.sparklstm.datasets.corpus.BadInputPolicy;
import org.sparklstm.datasets.corpus.BadRows;
import org.sparklstm.datasets.corpus.CorpusFormat;
import org.sparklstm.datasets.corpus.Document;

/**
 * A format whose corpus Spark SQL reads as rows (Parquet files, a catalog table, a query): which column holds
 * each row's document, and how that cell's bytes become it (UTF-8 text, or a MIDI file).
 */
public interface TableRows extends CorpusFormat {
    /** @return the content and identity columns, and the size limit */
    RowOptions options();

    /** @return what to do with a cell that cannot be decoded */
    BadInputPolicy policy();

    /** @return whether a string column holds documents (text); else only a binary column does */
    boolean takesStrings();

    /** @return the kind of bad row a value of another column type is counted as */
    default BadRows.Kind wrongType() {
        return takesStrings() ? BadRows.Kind.NOT_A_STRING : BadRows.Kind.NOT_BINARY;
    }

    /**
     * @param identity the row's identity ({@link org.sparklstm.datasets.corpus.RowIdentity})
     * @param bytes the cell's bytes (a string column's UTF-8)
     * @param file the file (or table) holding the row, for errors
     * @param documents where the row's documents go
     * @param bad where a bad row is counted
     * @return how many malformed sequences were replaced
     * @throws org.sparklstm.datasets.CorpusException naming the file and the row if the cell is bad and the policy
     *                                                is {@code fail}
     */
    long addCell(String identity, byte[] bytes, String file, List<Document> documents, BadRows.Tally bad);

    /** @return true: Spark SQL reads the rows */
    @Override
    default boolean readsTables() {
        return true;
    }

    /** @return true: each row is a document */
    @Override
    default boolean ofRows() {
        return true;
    }
}
