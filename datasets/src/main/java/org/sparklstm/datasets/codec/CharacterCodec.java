package org.sparklstm.datasets.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A character-level codec over Unicode code points (surrogate pairs are one token).
 *
 * <p>Id 0 is the unknown symbol; ids 1.. are the vocabulary's code points, most frequent first.
 * Decoding writes U+FFFD for the unknown symbol.
 */
public final class CharacterCodec implements SequenceCodec {
    private static final long serialVersionUID = 1L;

    /** The JSON kind of this codec. */
    public static final String KIND = "characters";
    /** The code point written when the unknown symbol is decoded. */
    public static final int UNKNOWN_CODE_POINT = 0xFFFD;

    /** Code points below this have their id in a table; the rest (rare, or none) are looked up in a map. */
    private static final int TABLE_LIMIT = 1 << 16;

    private final int[] codePoints;
    private final Map<Integer, Integer> idByCodePoint;
    /** Ids of the code points below the vocabulary's largest (or {@link #TABLE_LIMIT}), built where first used. */
    private transient int[] table;

    /**
     * @param codePoints the vocabulary, in id order starting at id 1; no duplicates
     */
    public CharacterCodec(int[] codePoints) {
        this.codePoints = codePoints.clone();
        this.idByCodePoint = new java.util.HashMap<>();
        for (int i = 0; i < codePoints.length; i++) {
            if (idByCodePoint.put(codePoints[i], i + 1) != null) {
                throw new IllegalArgumentException("duplicate code point U+" + Integer.toHexString(codePoints[i]));
            }
        }
    }

    /**
     * Builds the vocabulary from code-point counts: the {@code maxVocabulary - 1} most frequent code points
     * (ties broken by code point), the rest mapping to unknown.
     *
     * @param counts occurrences of each code point in the training corpus
     * @param maxVocabulary the cap on {@link #vocabularySize()}, at least 2
     * @return the codec
     */
    public static CharacterCodec fromCounts(Map<Integer, Long> counts, int maxVocabulary) {
        if (maxVocabulary < 2) {
            throw new IllegalArgumentException("maxVocabulary must be at least 2, got " + maxVocabulary);
        }
        List<Map.Entry<Integer, Long>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Comparator.<Map.Entry<Integer, Long>>comparingLong(Map.Entry::getValue).reversed()
                .thenComparing(Map.Entry::getKey));
        int size = Math.min(entries.size(), maxVocabulary - 1);
        int[] symbols = new int[size];
        for (int i = 0; i < size; i++) {
            symbols[i] = entries.get(i).getKey();
        }
        return new CharacterCodec(symbols);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public int vocabularySize() {
        return codePoints.length + 1;
    }

    @Override
    public int unknownId() {
        return 0;
    }

    /** @return the vocabulary's code points in id order (id 1 first) */
    public int[] codePoints() {
        return codePoints.clone();
    }

    /**
     * @param codePoint a Unicode code point
     * @return its id, or {@link #unknownId()} if it is outside the vocabulary
     */
    @Override
    public int id(int codePoint) {
        int[] ids = table != null ? table : buildTable();
        if (codePoint >= 0 && codePoint < ids.length) {
            return ids[codePoint];
        }
        if (codePoint < TABLE_LIMIT) {
            return 0;
        }
        Integer id = idByCodePoint.get(codePoint);
        return id == null ? 0 : id;
    }

    /** @return the table of ids (idempotent, so threads racing to build it build the same) */
    private int[] buildTable() {
        int size = 0;
        for (int cp : codePoints) {
            if (cp < TABLE_LIMIT) {
                size = Math.max(size, cp + 1);
            }
        }
        int[] ids = new int[size];
        for (int i = 0; i < codePoints.length; i++) {
            if (codePoints[i] < TABLE_LIMIT) {
                ids[codePoints[i]] = i + 1;
            }
        }
        table = ids;
        return ids;
    }

    /**
     * @param text any text
     * @return one id per code point of {@code text}
     */
    public int[] encode(CharSequence text) {
        return text.codePoints().map(this::id).toArray();
    }

    /**
     * @param ids ids in 0..vocabularySize()-1
     * @return the text they stand for
     */
    public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder(ids.length);
        for (int id : ids) {
            sb.appendCodePoint(codePoint(id));
        }
        return sb.toString();
    }

    /** @return {@link #decode}: the text */
    @Override
    public String render(int[] ids) {
        return decode(ids);
    }

    /**
     * @param id an id in 0..vocabularySize()-1
     * @return the code point it stands for ({@link #UNKNOWN_CODE_POINT} for the unknown symbol)
     */
    public int codePoint(int id) {
        if (id < 0 || id > codePoints.length) {
            throw new IllegalArgumentException("id " + id + " outside 0.." + codePoints.length);
        }
        return id == 0 ? UNKNOWN_CODE_POINT : codePoints[id - 1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CharacterCodec && Arrays.equals(codePoints, ((CharacterCodec) o).codePoints);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(codePoints);
    }
}
