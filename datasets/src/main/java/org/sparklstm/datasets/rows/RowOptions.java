package org.sparklstm.datasets.rows;

import java.io.Serializable;

/**
 * How the rows of a corpus of rows (JSON Lines, a table) become documents. (A class, not a record: Spark's Kryo
 * cannot build records.)
 */
public final class RowOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String textField;
    private final String idField;
    private final long maxRowBytes;

    /**
     * @param textField the field (or column) holding each row's text; a dotted name ({@code meta.body}) reaches
     *                  into nested objects when no field has that name as written
     * @param idField the field holding each row's stable identity, which the validation split hashes, or an empty
     *                string to identify a row by its file's name and its position there
     * @param maxRowBytes the largest row kept; a larger one is counted as oversized
     */
    public RowOptions(String textField, String idField, long maxRowBytes) {
        this.textField = textField;
        this.idField = idField;
        this.maxRowBytes = maxRowBytes;
    }

    /** @return the field holding each row's text */
    public String textField() {
        return textField;
    }

    /** @return the field holding each row's identity, or an empty string for none */
    public String idField() {
        return idField;
    }

    /** @return the largest row kept, in bytes */
    public long maxRowBytes() {
        return maxRowBytes;
    }
}
