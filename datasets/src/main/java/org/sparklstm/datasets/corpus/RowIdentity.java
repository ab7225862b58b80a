package org.sparklstm.datasets.corpus;

/**
 * The stable identity of a row of a file of rows (JSON Lines, a table), written as a document's source. The
 * validation split hashes the part after its last {@code /} ({@link org.sparklstm.datasets.window.SplitAssigner}),
 * so a row's draw survives its folder moving and new rows arriving.
 */
public final class RowIdentity {
    private RowIdentity() {
    }

    /**
     * @param file the file holding the row
     * @param position the byte (or, for a table, row) position where the row starts in the file
     * @return {@code <file>#row=<position>}: the split hashes the file's name and the position
     */
    public static String atPosition(String file, long position) {
        return file + "#row=" + position;
    }

    /**
     * @param id the row's value in the identity column ({@code --id-column})
     * @return {@code id=<value>} with {@code %} and {@code /} percent-encoded: the same whichever file holds the row
     */
    public static String ofId(String id) {
        return "id=" + id.replace("%", "%25").replace("/", "%2F");
    }
}
