package org.sparklstm.datasets.rows;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.sparklstm.datasets.CorpusException;
import org.sparklstm.datasets.codec.SequenceCodec;
import org.sparklstm.datasets.corpus.BadInputPolicy;
import org.sparklstm.datasets.corpus.BadRows;
import org.sparklstm.datasets.corpus.CorpusFormat;
import org.sparklstm.datasets.corpus.Document;
import org.sparklstm.datasets.corpus.PartBoundary;
import org.sparklstm.datasets.corpus.ParsedFile;

/**
 * Rows of a table whose binary column holds a file of another format in each cell, as music tables keep MIDI
 * ({@code --format midi --binary-column NAME}): each cell is parsed as that format parses a file, and the model is
 * that format's (its name, codec and prime, and it parses a single file as that format does), so what it trains
 * samples and scores like a model of files. A cell the format cannot read is a {@code malformed} row.
 */
public final class BinaryCellsFormat implements TableRows {
    private static final long serialVersionUID = 1L;

    private final CorpusFormat cells;
    private final BadInputPolicy policy;
    private final RowOptions options;

    /**
     * @param cells the format of each cell's bytes (MIDI)
     * @param policy whether a cell that cannot be read is counted or ends the job
     * @param options the binary and identity columns, and the size limit
     */
    public BinaryCellsFormat(CorpusFormat cells, BadInputPolicy policy, RowOptions options) {
        this.cells = cells;
        this.policy = policy;
        this.options = options;
    }

    /** @return the cells' format's name: the model is that format's */
    @Override
    public String name() {
        return cells.name();
    }

    @Override
    public RowOptions options() {
        return options;
    }

    @Override
    public BadInputPolicy policy() {
        return policy;
    }

    /** @return false: a file's bytes are binary */
    @Override
    public boolean takesStrings() {
        return false;
    }

    @Override
    public long addCell(String identity, byte[] bytes, String file, List<Document> documents, BadRows.Tally bad) {
        if (bytes.length > options.maxRowBytes()) {
            bad.add(BadRows.Kind.OVERSIZED, identity);
            return 0;
        }
        ParsedFile parsed;
        try {
            parsed = cells.parse(identity, bytes);
        } catch (CorpusException e) {
            throw new CorpusException(file, "row " + identity + ": " + e.problem());
        }
        if (parsed.skipReason() != null) {
            bad.add(BadRows.Kind.MALFORMED, identity);
        } else if (parsed.documents().isEmpty()) {
            bad.add(BadRows.Kind.EMPTY, identity);
        } else {
            documents.addAll(parsed.documents());
        }
        return parsed.replaced();
    }

    /** @return the cells' format: a model of MIDI cells scores MIDI files */
    @Override
    public CorpusFormat filesFormat() {
        return cells;
    }

    /** @return NONE: Spark SQL cuts the table into tasks itself */
    @Override
    public PartBoundary partBoundary() {
        return PartBoundary.NONE;
    }

    /**
     * Parses one file of the cells' format, as a prime or a scored file is read (the corpus itself is read by
     * Spark SQL).
     */
    @Override
    public ParsedFile parse(String source, byte[] bytes) {
        return cells.parse(source, bytes);
    }

    @Override
    public SequenceCodec newCodec(Supplier<Map<Integer, Long>> symbolCounts, int maxVocabulary) {
        return cells.newCodec(symbolCounts, maxVocabulary);
    }

    @Override
    public int[] defaultPrime(SequenceCodec codec) {
        return cells.defaultPrime(codec);
    }
}
