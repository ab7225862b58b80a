package org.sparklstm.datasets.codec;

import java.io.Serializable;

/**
 * Maps the tokens of one kind of corpus to the ids 0..{@link #vocabularySize()}-1 a model sees, and back.
 *
 * <p>A codec is saved with every checkpoint (see {@link CodecJson}) so that a resumed run, sampling and
 * evaluation read new data exactly as the model was trained.
 */
public interface SequenceCodec extends Serializable {

    /** @return the codec's kind, as written in its JSON form (for example {@code characters}) */
    String kind();

    /** @return the number of distinct ids, including the unknown symbol */
    int vocabularySize();

    /** @return the id that stands for any token outside the vocabulary, or -1 if every token is in it */
    int unknownId();

    /**
     * @param symbol a raw symbol of a {@link org.sparklstm.datasets.corpus.Document}
     * @return its id, or {@link #unknownId()} if it is outside the vocabulary
     */
    int id(int symbol);

    /**
     * @param ids ids in 0..vocabularySize()-1
     * @return what they stand for, as a person reads it: text for character and byte codecs, a short description
     *         for music
     */
    String render(int[] ids);

    /**
     * @param symbols raw symbols
     * @return their ids
     */
    default int[] encode(int[] symbols) {
        int[] ids = new int[symbols.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = id(symbols[i]);
        }
        return ids;
    }
}
