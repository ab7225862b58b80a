package org.sparklstm.datasets.corpus;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rows of a file of rows (JSON Lines, a table) that gave no document (for numeric series: the cells and series
 * left out), counted by {@link Kind}, with the
 * identities of the first few of each kind so that a user can find them. A bad row is never fatal (only invalid
 * UTF-8 under {@code --on-bad-input fail} is). Immutable; {@link Tally} counts while a file is parsed.
 * (A class holding arrays and ArrayLists, not a record: Spark's Kryo cannot build records.)
 */
public final class BadRows implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Examples kept per kind. */
    public static final int EXAMPLES = 3;

    /** None. */
    public static final BadRows NONE = new Tally().done();

    /** Why a row gave no document. */
    public enum Kind {
        /** Not JSON, or JSON that is not an object; for MIDI in a table, a cell that is not a readable MIDI file. */
        MALFORMED,
        /** The text field or column is absent. */
        MISSING,
        /** The text is null. */
        NULL,
        /** The text is a number, an object, a list or a boolean. */
        NOT_A_STRING,
        /** For MIDI in a table, a value of a column that is not binary (a string, a number). */
        NOT_BINARY,
        /** The text is the empty string. */
        EMPTY,
        /** The row's bytes are not valid UTF-8 (under {@code --on-bad-input skip}). */
        INVALID_UTF8,
        /** The row is larger than {@code max-file-mb}. */
        OVERSIZED,
        /** For a series, a value (or time) cell that is not a number (a time may also be an ISO date): left out. */
        NOT_A_NUMBER,
        /** For a series, an empty or {@code NA} value cell: a gap, left out, the series going on after it. */
        GAP,
        /** For a series, a row whose time is before the row's above it: the rows are sorted by time. */
        UNSORTED_TIME,
        /** For a series under log returns, a level at or below zero: left out. */
        NON_POSITIVE,
        /** A series whose values never change (or that has fewer than two): nothing to learn, left out. */
        CONSTANT_SERIES;

        /** @return the kind as the data report writes it: {@code not-a-string} */
        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final long[] counts;
    private final ArrayList<ArrayList<String>> examples;

    private BadRows(long[] counts, ArrayList<ArrayList<String>> examples) {
        this.counts = counts;
        this.examples = examples;
    }

    /** Counts the bad rows of one file (or part) as it is parsed; {@link #done()} gives the result. */
    public static final class Tally {
        private final long[] counts = new long[Kind.values().length];
        private final ArrayList<ArrayList<String>> examples = new ArrayList<>();

        /** An empty tally. */
        public Tally() {
            for (int i = 0; i < counts.length; i++) {
                examples.add(new ArrayList<>());
            }
        }

        /**
         * @param kind why the row is bad
         * @param row its identity (see {@link RowIdentity})
         */
        public void add(Kind kind, String row) {
            counts[kind.ordinal()]++;
            if (examples.get(kind.ordinal()).size() < EXAMPLES) {
                examples.get(kind.ordinal()).add(row);
            }
        }

        /**
         * @param kind why the rows are bad
         * @param count how many
         * @param firstRow the identity of the {@code i}-th of them, for the examples
         */
        public void addAll(Kind kind, long count, java.util.function.LongFunction<String> firstRow) {
            counts[kind.ordinal()] += count;
            List<String> e = examples.get(kind.ordinal());
            for (long i = 0; i < count && e.size() < EXAMPLES; i++) {
                e.add(firstRow.apply(i));
            }
        }

        /** @return what was counted */
        public BadRows done() {
            ArrayList<ArrayList<String>> copy = new ArrayList<>();
            examples.forEach(e -> copy.add(new ArrayList<>(e)));
            return new BadRows(counts.clone(), copy);
        }
    }

    /**
     * @param kind a kind
     * @return how many rows were bad for that reason
     */
    public long count(Kind kind) {
        return counts[kind.ordinal()];
    }

    /** @return how many rows were bad */
    public long total() {
        return Arrays.stream(counts).sum();
    }

    /** @return each kind that occurred, by its {@link Kind#key()}, with its count, in the kinds' order */
    public Map<String, Long> counts() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Kind k : Kind.values()) {
            if (count(k) > 0) {
                out.put(k.key(), count(k));
            }
        }
        return out;
    }

    /** @return each kind that occurred, by its {@link Kind#key()}, with the first rows of that kind */
    public Map<String, List<String>> examples() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Kind k : Kind.values()) {
            if (count(k) > 0) {
                out.put(k.key(), List.copyOf(examples.get(k.ordinal())));
            }
        }
        return out;
    }

    /**
     * @param other the bad rows of another part of the same file (or of another file)
     * @return both counted together, the examples of this first
     */
    public BadRows merge(BadRows other) {
        long[] sum = counts.clone();
        ArrayList<ArrayList<String>> kept = new ArrayList<>();
        for (int i = 0; i < sum.length; i++) {
            sum[i] += other.counts[i];
            ArrayList<String> e = new ArrayList<>(examples.get(i));
            for (String row : other.examples.get(i)) {
                if (e.size() < EXAMPLES) {
                    e.add(row);
                }
            }
            kept.add(e);
        }
        return new BadRows(sum, kept);
    }
}
