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
    private final long documentCount;
    private final long replaced;
    private final BadRows badRows;
    private final String skipReason;

    private ParsedFile(List<Document> documents, long documentCount, long replaced, BadRows badRows,
                       String skipReason) {
        this.documents = documents;
        this.documentCount = documentCount;
        this.replaced = replaced;
        this.badRows = badRows;
        this.skipReason = skipReason;
    }

    /**
     * @param documents the file's documents
     * @param replaced malformed sequences replaced while decoding it
     * @return a file that was read
     */
    public static ParsedFile read(List<Document> documents, long replaced) {
        return read(documents, replaced, BadRows.NONE);
    }

    /**
     * @param documents the file's documents (one per good row)
     * @param replaced malformed sequences replaced while decoding it
     * @param badRows the rows that gave no document
     * @return a file of rows that was read
     */
    public static ParsedFile read(List<Document> documents, long replaced, BadRows badRows) {
        return new ParsedFile(new ArrayList<>(documents), documents.size(), replaced, badRows, null);
    }

    /**
     * @param reason why the file cannot be used, in words a user can act on
     * @return a skipped file
     */
    public static ParsedFile skipped(String reason) {
        return new ParsedFile(new ArrayList<>(), 0, 0, BadRows.NONE, reason);
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
        return new ParsedFile(moved, documentCount, replaced, badRows, skipReason);
    }

    /** @return the same without its documents (their count kept), for a report */
    public ParsedFile summary() {
        return new ParsedFile(new ArrayList<>(), documentCount, replaced, badRows, skipReason);
    }

    /**
     * @param other what another part of the same file gave, also read
     * @return both parts' counts as one summary, without documents
     */
    public ParsedFile mergeCounts(ParsedFile other) {
        return new ParsedFile(new ArrayList<>(), documentCount + other.documentCount, replaced + other.replaced,
                badRows.merge(other.badRows), null);
    }

    /** @return its documents (none if skipped) */
    public List<Document> documents() {
        return documents;
    }

    /** @return how many documents it gave (kept in a {@link #summary()}) */
    public long documentCount() {
        return documentCount;
    }

    /** @return the rows that gave no document (none for a format that is not one of rows) */
    public BadRows badRows() {
        return badRows;
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
