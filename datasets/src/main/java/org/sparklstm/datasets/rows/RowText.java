package org.sparklstm.datasets.rows;

import java.util.List;
import org.sparklstm.datasets.CorpusException;
import org.sparklstm.datasets.corpus.BadInputPolicy;
import org.sparklstm.datasets.corpus.BadRows;
import org.sparklstm.datasets.corpus.Document;
import org.sparklstm.datasets.text.TextDecoder;

/** A row's text as a document, or as a bad row when it is empty or too large: the step every format of rows shares. */
public final class RowText {
    private RowText() {
    }

    /**
     * @param identity the row's identity ({@link org.sparklstm.datasets.corpus.RowIdentity})
     * @param text its text, not null
     * @param maxRowBytes the largest row kept, in UTF-8 bytes
     * @param documents where a good row's document goes
     * @param bad where an empty or oversized row is counted
     */
    public static void add(String identity, String text, long maxRowBytes, List<Document> documents,
                           BadRows.Tally bad) {
        if (text.isEmpty()) {
            bad.add(BadRows.Kind.EMPTY, identity);
        } else if (text.length() > maxRowBytes || (long) text.length() * 3 > maxRowBytes
                && utf8Length(text) > maxRowBytes) {
            bad.add(BadRows.Kind.OVERSIZED, identity);
        } else {
            documents.add(new Document(identity, 0, TextDecoder.codePoints(text)));
        }
    }

    /**
     * A row's text as a table stores it, UTF-8 bytes: decoded straight to code points when valid, else under the
     * policy (repaired, counted as {@code invalid-utf8}, or the job's end under {@code fail}).
     *
     * @param identity the row's identity
     * @param utf8 its text's bytes, not null
     * @param maxRowBytes the largest row kept, in UTF-8 bytes
     * @param policy what to do with invalid UTF-8
     * @param file the file holding the row, for the error under {@code fail}
     * @param documents where a good row's document goes
     * @param bad where an empty, oversized or (under {@code skip}) invalid row is counted
     * @return how many malformed sequences were replaced (under {@code replace})
     * @throws CorpusException naming the file and the row for invalid UTF-8 under {@code fail}
     */
    public static long addUtf8(String identity, byte[] utf8, long maxRowBytes, BadInputPolicy policy, String file,
                               List<Document> documents, BadRows.Tally bad) {
        if (utf8.length > maxRowBytes) {
            bad.add(BadRows.Kind.OVERSIZED, identity);
            return 0;
        }
        int[] codePoints = TextDecoder.codePointsOfUtf8(utf8, 0, utf8.length);
        if (codePoints != null) {
            if (codePoints.length == 0) {
                bad.add(BadRows.Kind.EMPTY, identity);
            } else {
                documents.add(new Document(identity, 0, codePoints));
            }
            return 0;
        }
        try {
            TextDecoder.Decoded d = TextDecoder.decodeUtf8(utf8, 0, utf8.length, file, policy);
            add(identity, d.text(), maxRowBytes, documents, bad);
            return d.replaced();
        } catch (CorpusException e) {
            if (policy == BadInputPolicy.FAIL) {
                throw new CorpusException(file, "invalid UTF-8 in the text of row " + identity
                        + "; use --on-bad-input replace or skip");
            }
            bad.add(BadRows.Kind.INVALID_UTF8, identity);
            return 0;
        }
    }

    /**
     * @param text any text
     * @return its length in UTF-8 bytes
     */
    public static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
