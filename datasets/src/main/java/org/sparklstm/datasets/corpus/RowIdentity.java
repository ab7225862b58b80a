package org.sparklstm.datasets.corpus;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

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
     * @param text a row's text, for a row with neither an identity column nor a file position (a query's)
     * @return {@code sha=<the first 16 hex digits of its SHA-256>}: rows of the same text share a side
     */
    public static String ofContent(String text) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha=" + HexFormat.of().formatHex(sha, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * @param id the row's value in the identity column ({@code --id-column})
     * @return {@code id=<value>} with {@code %} and {@code /} percent-encoded: the same whichever file holds the row
     */
    public static String ofId(String id) {
        return "id=" + id.replace("%", "%25").replace("/", "%2F");
    }
}
