package org.sparklstm.core.config;

import java.util.List;
import org.sparklstm.datasets.corpus.BadInputPolicy;
import org.sparklstm.datasets.window.SplitAssigner;
import org.sparklstm.datasets.formats.CorpusFormats;
import org.sparklstm.datasets.midi.MidiOptions;
import org.sparklstm.datasets.series.SeriesTransform;

/** The keys that say how a corpus is read, cut and split: format, limits, bad input, the validation split, MIDI options and augmentation. */
public final class DataKeys {
    /** The corpus format. */
    public static final ConfigParam<String> FORMAT = ConfigParam.ofChoices("format", "text",
            CorpusFormats.NAMES, name -> name, "corpus format: text (UTF-8, one token per Unicode code point), "
                    + "bytes (any encoding, one token per byte, 256 symbols), abc "
                    + "(ABC notation, one token per character, each X: tune a document), midi (Standard MIDI "
                    + "Files as PerformanceRNN events: note-on, note-off, 10 ms time shifts, velocity) or jsonl "
                    + "(JSON Lines: one object per line, the text-field of each row a document, coded like text) or parquet "
                    + "(rows read by Spark SQL from Parquet files, a table:db.name of the session catalog, an "
                    + "Iceberg table:db.name@SNAPSHOT or table:db.name@AFTER..SNAPSHOT (the rows appended between), "
                    + "or a sql:SELECT query given as the corpus; the text-column of each row a document) or series "
                    + "(numeric series in CSV files with a header: each value column, per series-key, one document "
                    + "of series-transform steps quantised into series-bins symbols)");
    /** The field holding each row's text. */
    public static final ConfigParam<String> TEXT_FIELD = ConfigParam.ofName("text-field", "text", false,
            "jsonl: the field holding each row's text; a dotted name (meta.body) reaches into nested objects when "
                    + "no field is named so as written; rows without it, or where it is null, not a string or "
                    + "empty, are counted in data-report.json and left out");
    /** The column holding each row's text. */
    public static final ConfigParam<String> TEXT_COLUMN = ConfigParam.ofName("text-column", "text", false,
            "parquet: the column holding each row's text (a string, or binary holding UTF-8); a row where it is "
                    + "null, empty or of another type is counted in data-report.json and left out");
    /** The binary column holding each row's MIDI file. */
    public static final ConfigParam<String> BINARY_COLUMN = ConfigParam.ofName("binary-column", "", true,
            "midi: the binary column holding each row's Standard MIDI File when the corpus is Parquet files, a "
                    + "table: or a sql: query (each row one performance; a cell that is not a readable MIDI file, "
                    + "null or of another type is counted in data-report.json and left out); empty: the corpus is "
                    + "MIDI files");
    /** The field holding each row's identity. */
    public static final ConfigParam<String> ID_COLUMN = ConfigParam.ofName("id-column", "", true,
            "jsonl, parquet and midi in a table: the field (or column) holding each row's stable identity (for jsonl a dotted "
                    + "name reaches into nested objects), which the validation split hashes, so a row keeps its side "
                    + "wherever it is stored; empty: a row is identified by its file's name and its position there "
                    + "(a row without the field too), or for a query's rows by a hash of its text");
    /** The columns holding a series' values. */
    public static final ConfigParam<String> VALUE_COLUMNS = ConfigParam.ofName("value-columns", "", true,
            "series: the columns holding values, comma-separated, each its own series; empty: every column but the "
                    + "time-column and the series-key");
    /** The column ordering a series' rows. */
    public static final ConfigParam<String> TIME_COLUMN = ConfigParam.ofName("time-column", "", true,
            "series: the column the rows are ordered by (numbers, or ISO dates and times); rows out of order are "
                    + "counted in data-report.json and sorted; empty: the file's order");
    /** The column naming separate series in one file. */
    public static final ConfigParam<String> SERIES_KEY = ConfigParam.ofName("series-key", "", true,
            "series: the column whose values name separate series in one file (a ticker, a sensor); empty: one "
                    + "series per value column");
    /** What a series model reads. */
    public static final ConfigParam<SeriesTransform> SERIES_TRANSFORM = ConfigParam.ofEnum("series-transform",
            SeriesTransform.LOG_RETURNS, "series: what the models read: the levels, their differences, or their "
                    + "log returns (log of each value over the one before; a level at or below zero is counted and "
                    + "left out)");
    /** Quantisation bins of a series. */
    public static final ConfigParam<Integer> SERIES_BINS = ConfigParam.ofInt("series-bins", 32, 2, 4096,
            "series: the symbols the transformed values are quantised into: bins of equal frequency on the "
                    + "training side, each decoded as the mean of its training values");
    /** Share of windows held out. */
    public static final ConfigParam<Double> VALIDATION_FRACTION = ConfigParam.ofDouble("validation-fraction", 0.05,
            0, true, 0.5, "share of windows held out for validation, chosen by a hash of file name and offset");
    /** Cap on the validation tokens scored at each evaluation. */
    public static final ConfigParam<Long> MAX_VALIDATION_TOKENS = ConfigParam.ofLong("max-validation-tokens", 500_000,
            0, Long.MAX_VALUE, "score at most about this many validation tokens at each evaluation: a fixed subset "
                    + "of the validation windows, chosen by a hash, the same at every evaluation; 0 means all");
    /** What the split holds out. */
    public static final ConfigParam<SplitAssigner.Unit> SPLIT_BY = ConfigParam.ofEnum("split-by",
            SplitAssigner.Unit.WINDOW, "what validation-fraction holds out, by a hash of the file name (and "
                    + "offset): windows from every file, or whole files (pieces, books; for jsonl, whole rows; for "
                    + "series, whole series), so that validation judges text the model never saw any of ("
                    + "data-report.json marks the held-out files); or, with no hash, the end of every document (a "
                    + "series' latest values), so that validation judges what comes after all it trained on");
    /** Context read before each scored stretch. */
    public static final ConfigParam<Integer> EVAL_CONTEXT = ConfigParam.ofInt("eval-context", 200, 0, 1_000_000,
            "tokens of the text before each validation window (and before each stretch evaluate scores) read first, "
                    + "unscored, so a model is scored on held-out text as on a stream, its state carried into the "
                    + "window; 0 scores each window from an empty state, as training reads it");
    /** Vocabulary cap. */
    public static final ConfigParam<Integer> MAX_VOCAB = ConfigParam.ofInt("max-vocab", 10_000, 2, 1_000_000,
            "largest vocabulary, unknown symbol included; rarer symbols map to unknown");
    /** Largest part of a file one task reads. */
    public static final ConfigParam<Integer> SPLIT_MB = ConfigParam.ofInt("split-mb", 4, 1, 1024,
            "an uncompressed text (or jsonl) file larger than this many MiB is read in parts of this size by "
                    + "separate tasks, cut at character boundaries (jsonl: at line ends; parquet: Spark's reader cuts "
                    + "files into tasks of at most this; compressed, ABC and MIDI files are read whole); a task needs "
                    + "about 10 times this in memory while it decodes its part");
    /** Largest file one task reads whole. */
    public static final ConfigParam<Integer> MAX_FILE_MB = ConfigParam.ofInt("max-file-mb", 256, 1, 1536,
            "a file read whole (compressed, ABC, MIDI) may hold at most this many MiB, after decompression; a "
                    + "larger one (a decompression bomb, say) is skipped and named in data-report.json; a task needs "
                    + "about 10 times this in memory while it decodes the file; a row (jsonl) larger than this is "
                    + "counted as oversized and left out");
    /** Most events one MIDI file may give. */
    public static final ConfigParam<Integer> MAX_FILE_TOKENS = ConfigParam.ofInt("max-file-tokens",
            MidiOptions.DEFAULT_MAX_EVENTS, 1, Integer.MAX_VALUE, "midi: a file that would give more performance "
                    + "events than this is skipped and named in data-report.json (a hostile file's tempo and delta "
                    + "times can ask for years of time shifts); text and ABC give at most a token per byte, bounded "
                    + "by max-file-mb and split-mb");
    /** MIDI drums. */
    public static final ConfigParam<Boolean> DRUMS = ConfigParam.ofChoices("drums", false, List.of(false, true),
            keep -> keep ? "keep" : "drop",
            "midi: drop or keep channel 10 (percussion); kept drums are played as pitched notes");
    /** MIDI sustain pedal. */
    public static final ConfigParam<Boolean> SUSTAIN = ConfigParam.ofChoices("sustain", true, List.of(true, false),
            apply -> apply ? "apply" : "ignore", "midi: apply the sustain pedal (notes held until it is released) or "
                    + "ignore it");
    /** Transposition augmentation. */
    public static final ConfigParam<IntRange> TRANSPOSE = ConfigParam.ofIntRange("transpose", new IntRange(0, 0),
            -12, 12, "midi: train on every training window transposed by each number of semitones in this range "
                    + "(e.g. -3..3, seven copies); validation is never augmented");
    /** Time-stretch augmentation. */
    public static final ConfigParam<Double> TIME_STRETCH = ConfigParam.ofDouble("time-stretch", 0, 0, false, 0.5,
            "midi: also train on every training window slowed and sped up by this fraction (e.g. 0.05: "
                    + "x0.95 and x1.05); 0 means none");
    /** What to do with non-UTF-8 corpus files. */
    public static final ConfigParam<BadInputPolicy> ON_BAD_INPUT = ConfigParam.ofEnum("on-bad-input",
            BadInputPolicy.REPLACE, "a corpus file that is not valid UTF-8: skip it, replace each "
                    + "malformed sequence with U+FFFD (counted), or fail the run; a corrupt, truncated or note-less "
                    + "MIDI file is skipped unless this is fail; binary (for text) and empty files are always "
                    + "skipped, and all of them are listed in data-report.json");

    /** These keys, in the order they are documented. */
    public static final KeyGroup GROUP = new KeyGroup("Data",
            "how the corpus is read, cut, split and augmented",
            List.of(FORMAT, TEXT_FIELD, TEXT_COLUMN, BINARY_COLUMN, ID_COLUMN, VALUE_COLUMNS, TIME_COLUMN,
                    SERIES_KEY, SERIES_TRANSFORM, SERIES_BINS, VALIDATION_FRACTION, SPLIT_BY, MAX_VALIDATION_TOKENS, EVAL_CONTEXT, MAX_VOCAB, SPLIT_MB, MAX_FILE_MB, MAX_FILE_TOKENS,
                    DRUMS, SUSTAIN, TRANSPOSE, TIME_STRETCH, ON_BAD_INPUT));

    private DataKeys() {
    }
}
