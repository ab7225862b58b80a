package org.sparklstm.datasets.corpus;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What parsing one corpus file gave: its documents, or why it was skipped.
 * (A class holding an ArrayList, not a record or an immutable list: Spark's Kryo cannot build those.)
 */
public final class ParsedFile implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<Document> documents;
    private final long replaced;
    private final String skipReason;

    private ParsedFile(List<Document> documents, long replaced, String skipReason) {
        this.documents = documents;
        this.replaced = replaced;
        this.skipReason = skipReason;
    }

    /**
     * @param documents the file's documents
     * @param replaced malformed sequences replaced while decoding it
     * @return a file that was read
     */
    public static ParsedFile read(List<Document> documents, long replaced) {
        return new ParsedFile(new ArrayList<>(documents), replaced, null);
    }

    /**
     * @param reason why the file cannot be used, in words a user can act on
     * @return a skipped file
     */
    public static ParsedFile skipped(String reason) {
        return new ParsedFile(new ArrayList<>(), 0, reason);
    }

    /**
     * @param base where the parsed bytes start in their file
     * @return the same with every document's offset moved by {@code base}, for a part of a file
     */
    public ParsedFile offsetBy(long base) {
        List<Document> moved = new ArrayList<>(documents.size());
        for (Document d : documents) {
            moved.add(new Document(d.source(), d.offset() + base, d.symbols()));
        }
        return new ParsedFile(moved, replaced, skipReason);
    }

    /** @return its documents (none if skipped) */
    public List<Document> documents() {
        return documents;
    }

    /** @return malformed sequences replaced while decoding it */
    public long replaced() {
        return replaced;
    }

    /** @return why it was skipped, or null if it was read */
    public String skipReason() {
        return skipReason;
    }
}
