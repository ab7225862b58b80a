package org.sparklstm.datasets.corpus;

import java.io.Serializable;
import java.util.Map;
import java.util.function.Supplier;
import org.sparklstm.datasets.codec.SequenceCodec;

/**
 * A kind of corpus (text, ABC, MIDI): how a file's bytes become documents of symbols, and which codec maps those
 * symbols to model ids. Formats are serializable so that executors parse files themselves.
 */
public interface CorpusFormat extends Serializable {

    /** @return the format's name, as given to {@code --format} */
    String name();

    /**
     * Parses one (non-empty, decompressed) file.
     *
     * @param source the file's path or URI
     * @param bytes its content
     * @return its documents, or the reason it is skipped
     * @throws org.sparklstm.datasets.CorpusException if the file is bad and the bad-input policy is {@code fail}
     */
    ParsedFile parse(String source, byte[] bytes);

    /**
     * Parses one part of a large file (see {@link #partBoundary()}).
     *
     * @param source the file's path or URI
     * @param base where the part's bytes start in the file
     * @param bytes the part, cut at the format's boundary
     * @return its documents, their offsets counted from the file's start, or the reason it is skipped
     * @throws org.sparklstm.datasets.CorpusException if the part is bad and the bad-input policy is {@code fail}
     */
    default ParsedFile parsePart(String source, long base, byte[] bytes) {
        return parse(source, bytes).offsetBy(base);
    }

    /**
     * @return where a large file may be cut into parts (byte ranges) that separate tasks read, each parsed on its
     *         own: {@link PartBoundary#NONE} for a format whose files are read whole
     */
    PartBoundary partBoundary();

    /**
     * @return whether Spark SQL reads the corpus (Parquet files, a table, a query) instead of the files being read
     *         and parsed one by one
     */
    default boolean readsTables() {
        return false;
    }

    /**
     * @return whether a document is made of many rows of a table (a series: a key's rows in time order), so that
     *         rows appended to a table are read with the rows before them; false when each row stands alone
     */
    default boolean documentsSpanRows() {
        return false;
    }

    /**
     * @return the format that reads this format's model's documents from files one by one (for {@code evaluate}
     *         and a prime): this format, unless Spark SQL reads its corpus; then the format of its cells (plain text
     *         for text rows, MIDI for MIDI in a binary column)
     */
    default CorpusFormat filesFormat() {
        return this;
    }

    /**
     * @return whether each document is a row of a file (JSON Lines, a table), named by its {@link RowIdentity}, so
     *         that {@code split-by file} holds out whole rows; false when documents are files (or tunes in one)
     */
    default boolean ofRows() {
        return false;
    }

    /**
     * @return whether {@link #newCodec} is to be given the training side's counts only (a series' bins, fitted on
     *         the past alone), not the whole corpus's (a text's vocabulary)
     */
    default boolean fitsCodecOnTrainingSide() {
        return false;
    }

    /**
     * @param symbolCounts occurrences of each symbol in the corpus, or on its training side when the format
     *                     {@link #fitsCodecOnTrainingSide fits its codec there} (computed only if the format needs
     *                     them)
     * @param maxVocabulary the cap on the vocabulary, unknown symbol included
     * @return the codec for a new model
     */
    SequenceCodec newCodec(Supplier<Map<Integer, Long>> symbolCounts, int maxVocabulary);

    /**
     * @param codec the model's codec
     * @return the ids a model reads before sampling when the user gives no prime
     */
    int[] defaultPrime(SequenceCodec codec);
}
