package org.sparklstm.datasets.rows;

import java.util.List;
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
