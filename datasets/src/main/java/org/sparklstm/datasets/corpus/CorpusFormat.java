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
     * @return whether a large file may be read in parts (byte ranges) by separate tasks, each parsed on its own:
     *         true for plain text, whose parts are cut at character boundaries
     */
    boolean splittable();

    /**
     * @param symbolCounts occurrences of each symbol in the corpus (computed only if the format needs them)
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
