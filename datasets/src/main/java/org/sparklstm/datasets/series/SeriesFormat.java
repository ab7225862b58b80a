package org.sparklstm.datasets.series;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.sparklstm.datasets.CorpusException;
import org.sparklstm.datasets.codec.SequenceCodec;
import org.sparklstm.datasets.corpus.BadInputPolicy;
import org.sparklstm.datasets.corpus.CorpusFormat;
import org.sparklstm.datasets.corpus.Document;
import org.sparklstm.datasets.corpus.ParsedFile;
import org.sparklstm.datasets.corpus.PartBoundary;

/**
 * Numeric series in CSV files ({@link SeriesReader}): each series one document of its transformed steps, which a
 * {@link SeriesCodec} fitted on the training side quantises into symbols. A series is named like a row, so
 * {@code split-by file} holds out whole series; {@code split-by end} holds out each series' final stretch.
 */
public final class SeriesFormat implements CorpusFormat {
    private static final long serialVersionUID = 1L;

    /** The format's name. */
    public static final String NAME = "series";

    private final BadInputPolicy policy;
    private final SeriesOptions options;

    /**
     * @param policy what to do with a file that is not CSV with the named columns: {@code fail} ends the run,
     *               otherwise it is skipped
     * @param options the columns, the transform and the bins
     */
    public SeriesFormat(BadInputPolicy policy, SeriesOptions options) {
        this.policy = policy;
        this.options = options;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** @return NONE: a file's rows are sorted by time, so it is read whole */
    @Override
    public PartBoundary partBoundary() {
        return PartBoundary.NONE;
    }

    /** @return true: each document is a series named by its file and column, not a whole file */
    @Override
    public boolean ofRows() {
        return true;
    }

    /** @return true: a series is a key's rows of a table, in time order */
    @Override
    public boolean documentsSpanRows() {
        return true;
    }

    /** @return true: the bins are fitted on the training side's steps alone */
    @Override
    public boolean fitsCodecOnTrainingSide() {
        return true;
    }

    @Override
    public ParsedFile parse(String source, byte[] bytes) {
        try {
            return documents(new SeriesReader(options).read(source, bytes));
        } catch (CorpusException e) {
            if (policy == BadInputPolicy.FAIL) {
                throw e;
            }
            return ParsedFile.skipped(e.problem());
        }
    }

    /**
     * @param read a source's series (a CSV file's, or a table's rows of one key)
     * @return each series a document of its transformed steps' symbols, and the source's bad cells
     */
    public ParsedFile documents(SeriesReader.Read read) {
        List<Document> documents = new ArrayList<>();
        for (Series s : read.series()) {
            documents.add(new Document(s.name(), 0, SeriesCodec.symbols(options.transform().apply(s.levels()))));
        }
        return ParsedFile.read(documents, 0, read.bad());
    }

    /** @return a codec of {@code series-bins} equal-frequency bins over the counted steps (the vocabulary cap
     *          does not apply: the bins are the vocabulary) */
    @Override
    public SequenceCodec newCodec(Supplier<Map<Integer, Long>> symbolCounts, int maxVocabulary) {
        return SeriesCodec.fit(options.transform(), symbolCounts.get(), options.bins());
    }

    /** @return the bin of a step of zero: a model with no prime starts from a series that did not move */
    @Override
    public int[] defaultPrime(SequenceCodec codec) {
        return new int[] {((SeriesCodec) codec).bin(options.transform() == SeriesTransform.LEVELS
                ? ((SeriesCodec) codec).step(codec.vocabularySize() / 2) : 0)};
    }

    /** @return the series' options */
    public SeriesOptions options() {
        return options;
    }
}
