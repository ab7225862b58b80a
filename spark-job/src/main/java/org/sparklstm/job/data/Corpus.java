package org.sparklstm.job.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.SerializableConfiguration;
import org.sparklstm.core.config.ConfigException;
import org.sparklstm.core.run.Sha256;
import org.sparklstm.datasets.codec.SequenceCodec;
import org.sparklstm.datasets.corpus.CorpusFormat;
import org.sparklstm.datasets.corpus.Document;
import org.sparklstm.datasets.rows.TableFormat;
import org.sparklstm.datasets.rows.TableRows;
import org.sparklstm.datasets.series.SeriesFormat;
import org.sparklstm.datasets.window.SplitAssigner;
import org.sparklstm.datasets.window.Windows;
import scala.Tuple2;

/**
 * A corpus read by Spark from any Hadoop path (file://, hdfs://, s3a://): files, folders or globs, compressed or
 * not, parsed by its {@link CorpusFormat} (text, ABC, MIDI, JSON Lines); or rows read by Spark SQL
 * ({@link TableCorpus}: Parquet, a catalog table, a query).
 *
 * <p>Files are read and parsed on the executors; the driver only lists paths and receives counts and the
 * per-file report, so it never holds the corpus. Empty and unreadable files are skipped; other bad files are
 * skipped, repaired or fatal as the format's bad-input policy says. Every file is accounted for in
 * {@link #report()}.
 */
public final class Corpus {
    /** Symbols below this (the Basic Multilingual Plane, every MIDI event) are counted in an array, not a map. */
    private static final int DENSE_SYMBOLS = 1 << 16;

    private final JavaRDD<FileRead> reads;
    private final JavaRDD<Document> documents;
    private final List<String> files;
    private final long bytes;
    private final String digest;
    /** The per-file report, once a pass over the files made it ({@link #symbolCounts()} does), or null. */
    private List<FileRead> report;

    private Corpus(JavaRDD<FileRead> reads, List<String> files, long bytes, String digest) {
        this.reads = reads;
        this.documents = reads.flatMap(r -> r.content().documents().iterator());
        this.files = files;
        this.bytes = bytes;
        this.digest = digest;
    }

    /** @return every document of every file read, lazily (each pass reads the files again) */
    public JavaRDD<Document> documents() {
        return documents;
    }

    /**
     * @return SHA-256 (hex) of what the corpus reads: for a listing, each file's path, size and modification time
     *         in path order (it changes when a file is added, removed or rewritten); for slices, each slice's
     *         path, range and content digest
     */
    public String digest() {
        return digest;
    }

    /**
     * @param lines what the corpus reads, one line each
     * @return their SHA-256 (hex)
     */
    static String digest(List<String> lines) {
        MessageDigest sha = Sha256.newDigest();
        for (String line : lines) {
            sha.update((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return Sha256.hex(sha);
    }

    /** @return the files' total size on storage (compressed files as stored) */
    public long bytes() {
        return bytes;
    }

    /**
     * Lists the corpus paths and prepares reading them: each file by one task, or a large uncompressed file of a
     * splittable format in parts of at most the limits' split.
     *
     * @param sc the Spark context
     * @param paths files, folders or globs
     * @param format how to parse the files
     * @param limits how much of a file one task reads
     * @param excluded roots whose files are never corpus (the run's own output), or none
     * @return the corpus
     * @throws ConfigException naming {@code corpus} if a path matches no file
     * @throws IOException if a filesystem cannot be reached
     */
    public static Corpus open(JavaSparkContext sc, List<String> paths, CorpusFormat format, ReadLimits limits,
                              List<URI> excluded) throws IOException {
        if (format instanceof TableRows table) {
            return TableCorpus.open(sc, paths, table, limits, excluded);
        }
        if (format instanceof SeriesFormat series) {
            return SeriesTables.open(sc, paths, series, limits, excluded);
        }
        for (String p : paths) {
            if (TableCorpus.namesTable(p)) {
                throw new ConfigException("corpus", p + ": a table or a query is read with --format "
                        + TableFormat.NAME + " (or --format midi with --binary-column, or --format "
                        + SeriesFormat.NAME + ")");
            }
        }
        List<FileStatus> statuses = listStatuses(paths, sc.hadoopConfiguration(), excluded);
        List<FileRange> ranges = FileRange.plan(statuses, format, limits.splitBytes(), sc.hadoopConfiguration());
        List<String> listing = statuses.stream()
                .map(f -> f.getPath() + "\t" + f.getLen() + "\t" + f.getModificationTime()).toList();
        return new Corpus(read(sc, ranges, format, limits), statuses.stream().map(f -> f.getPath().toString())
                .toList(), statuses.stream().mapToLong(FileStatus::getLen).sum(), digest(listing));
    }

    /**
     * Prepares reading exact byte ranges of files (what a retraining generation recorded), each cut into parts
     * of at most the limits' split; for Parquet, the whole files.
     *
     * @param sc the Spark context
     * @param slices the ranges, in a stable order
     * @param format how to parse the files
     * @param limits how much of a file one task reads
     * @return the corpus
     * @throws IOException if a filesystem cannot be reached
     */
    public static Corpus openSlices(JavaSparkContext sc, List<FileSlice> slices, CorpusFormat format,
                                    ReadLimits limits) throws IOException {
        if (format instanceof TableRows table) {
            // Parquet files are never appended to: a generation's slices are whole files
            return TableCorpus.open(sc, slices.stream().map(FileSlice::path).distinct().toList(), table, limits,
                    List.of());
        }
        if (format instanceof SeriesFormat series) {
            // a series' file is never read in part (its rows are sorted whole): its slices are whole files
            return SeriesTables.open(sc, slices.stream().map(FileSlice::path).distinct().toList(), series, limits,
                    List.of());
        }
        List<FileRange> ranges = FileRange.planSlices(slices, format, limits.splitBytes(), sc.hadoopConfiguration());
        return new Corpus(read(sc, ranges, format, limits), slices.stream().map(FileSlice::path).distinct().toList(),
                slices.stream().mapToLong(s -> s.end() - s.start()).sum(), digest(slices.stream()
                        .map(s -> s.path() + "\t" + s.start() + "\t" + s.end() + "\t" + s.prefixSha256()).toList()));
    }

    /**
     * @param reads what reading each file (or part, or task of a table) gave
     * @param files the files read
     * @param bytes their total size on storage
     * @param digest the digest of what is read
     * @return the corpus
     */
    static Corpus of(JavaRDD<FileRead> reads, List<String> files, long bytes, String digest) {
        return new Corpus(reads, files, bytes, digest);
    }

    static JavaRDD<FileRead> read(JavaSparkContext sc, List<FileRange> ranges, CorpusFormat format,
                                          ReadLimits limits) {
        SerializableConfiguration conf = new SerializableConfiguration(sc.hadoopConfiguration());
        long maxFileBytes = limits.maxFileBytes();
        return sc.parallelize(ranges, Math.max(1, ranges.size()))
                .map(r -> FileRead.of(r, conf.value(), format, maxFileBytes));
    }

    /**
     * @return what reading each file gave (without the text; the parts of a split file as one), in file order;
     *         from the pass of {@link #symbolCounts()} when it was made, else by reading the files again
     */
    public List<FileRead> report() {
        if (report == null) {
            report = merged(reads.map(FileRead::summary).collect());
        }
        return report;
    }

    /** @return the parts' summaries merged into one per file, in file order */
    private static List<FileRead> merged(List<FileRead> parts) {
        Map<String, FileRead> byFile = new TreeMap<>();
        for (FileRead part : parts) {
            byFile.merge(part.source(), part, FileRead::merge);
        }
        return List.copyOf(byFile.values());
    }

    /**
     * @param paths files, folders or globs
     * @param conf Hadoop configuration
     * @return every file they name, qualified, in a stable order
     * @throws ConfigException naming {@code corpus} if a path matches no file
     * @throws IOException if a filesystem cannot be reached
     */
    public static List<String> listFiles(List<String> paths, Configuration conf) throws IOException {
        return listStatuses(paths, conf, List.of()).stream().map(s -> s.getPath().toString()).toList();
    }

    /**
     * Lists a corpus. A path that names an existing file is that file, even if its name holds glob characters
     * ({@code Song [Live].mid}); other paths are globs. Under a folder, files inside a hidden or {@code _} folder
     * at any depth ({@code .git/}, {@code _export/}) and hidden or {@code _} files are left out, and so is
     * everything under an excluded root.
     *
     * @param paths files, folders (read recursively) or globs
     * @param conf Hadoop configuration
     * @param excluded roots whose files are never corpus (a run's own output placed under its corpus folder)
     * @return the status (path, size, modification time) of every file they name, ordered by path
     * @throws ConfigException naming {@code corpus} if a path matches no file
     * @throws IOException if a filesystem cannot be reached
     */
    public static List<FileStatus> listStatuses(List<String> paths, Configuration conf, List<URI> excluded)
            throws IOException {
        if (paths.isEmpty()) {
            throw new ConfigException("corpus", "at least one corpus path is required");
        }
        List<String> skipped = new ArrayList<>();
        for (URI root : excluded) {
            Path r = new Path(root);
            skipped.add(r.getFileSystem(conf).makeQualified(r).toString().replaceAll("/+$", "") + "/");
        }
        List<FileStatus> files = new ArrayList<>();
        for (String p : paths) {
            Path path = new Path(p);
            FileSystem fs = path.getFileSystem(conf);
            Path qualified = fs.makeQualified(path);
            FileStatus[] matches = literal(fs, qualified);
            if (matches == null) {
                matches = fs.globStatus(qualified);
            }
            if (matches == null || matches.length == 0) {
                throw new ConfigException("corpus", "no such file or directory: " + p);
            }
            for (FileStatus m : matches) {
                if (m.isDirectory()) {
                    String base = m.getPath().toString().replaceAll("/+$", "") + "/";
                    var it = fs.listFiles(m.getPath(), true);
                    while (it.hasNext()) {
                        FileStatus f = it.next();
                        String full = f.getPath().toString();
                        if (full.startsWith(base) && !hidden(full.substring(base.length()))
                                && skipped.stream().noneMatch(full::startsWith)) {
                            files.add(f);
                        }
                    }
                } else if (skipped.stream().noneMatch(m.getPath().toString()::startsWith)) {
                    files.add(m);
                }
            }
        }
        if (files.isEmpty()) {
            throw new ConfigException("corpus", "no files under " + paths);
        }
        files.sort(Comparator.comparing(f -> f.getPath().toString()));
        return files;
    }

    /** @return the status of a path that exists as written, or null (then it is read as a glob) */
    private static FileStatus[] literal(FileSystem fs, Path path) throws IOException {
        try {
            return new FileStatus[] {fs.getFileStatus(path)};
        } catch (FileNotFoundException e) {
            return null;
        }
    }

    /** @return whether a path relative to a corpus folder has a hidden or {@code _} component */
    private static boolean hidden(String relative) {
        for (String part : relative.split("/")) {
            if (part.startsWith(".") || part.startsWith("_")) {
                return true;
            }
        }
        return false;
    }

    /** @return the files the corpus reads */
    public List<String> files() {
        return files;
    }

    /**
     * Counts every symbol (code point, for text) of the corpus on the executors; the same pass makes the
     * per-file {@link #report()}.
     *
     * @return symbol to occurrences
     */
    public Map<Integer, Long> symbolCounts() {
        return symbolCounts(null, 0);
    }

    /**
     * Counts the symbols of the training side only, for a codec fitted on it (a series' bins): the tokens each
     * training window predicts, and a document's first token when its first window trains; the same pass makes the
     * per-file {@link #report()}.
     *
     * @param split the split rule, or null to count every symbol
     * @param sequenceLength tokens per window, as the windows will be cut
     * @return symbol to occurrences
     */
    public Map<Integer, Long> symbolCounts(SplitAssigner split, int sequenceLength) {
        List<Tuple2<List<FileRead>, Map<Integer, Long>>> parts = reads.mapPartitions(it -> {
            long[] dense = new long[DENSE_SYMBOLS];
            Map<Integer, Long> counts = new HashMap<>();
            List<FileRead> summaries = new ArrayList<>();
            while (it.hasNext()) {
                FileRead read = it.next();
                summaries.add(read.summary());
                for (Document d : read.content().documents()) {
                    int[] symbols = d.symbols();
                    if (split == null) {
                        count(symbols, 0, symbols.length, dense, counts);
                        continue;
                    }
                    for (int start = 0; start + 1 < symbols.length; start += sequenceLength) {
                        if (!split.isValidation(d.source(), d.offset() + start, d.offset(), symbols.length)) {
                            count(symbols, start == 0 ? 0 : start + 1,
                                    Math.min(symbols.length, start + sequenceLength + 1), dense, counts);
                        }
                    }
                }
            }
            for (int symbol = 0; symbol < DENSE_SYMBOLS; symbol++) {
                if (dense[symbol] > 0) {
                    counts.put(symbol, dense[symbol]);
                }
            }
            return List.of(new Tuple2<>(summaries, counts)).iterator();
        }).collect();
        Map<Integer, Long> counts = new HashMap<>();
        List<FileRead> summaries = new ArrayList<>();
        for (Tuple2<List<FileRead>, Map<Integer, Long>> part : parts) {
            summaries.addAll(part._1());
            part._2().forEach((symbol, n) -> counts.merge(symbol, n, Long::sum));
        }
        report = merged(summaries);
        return counts;
    }

    /** Adds the symbols {@code from..to-1} to the counts: dense ones to the array, the rest to the map. */
    private static void count(int[] symbols, int from, int to, long[] dense, Map<Integer, Long> counts) {
        for (int i = from; i < to; i++) {
            int symbol = symbols[i];
            if (symbol >= 0 && symbol < DENSE_SYMBOLS) {
                dense[symbol]++;
            } else {
                counts.merge(symbol, 1L, Long::sum);
            }
        }
    }

    /**
     * Encodes every document and cuts it into windows, on the executors.
     *
     * @param codec the codec
     * @param sequenceLength tokens per window
     * @return all windows, none with context
     */
    public JavaRDD<Window> windows(SequenceCodec codec, int sequenceLength) {
        return windows(codec, sequenceLength, null, 0, 0);
    }

    /**
     * Encodes every document and cuts it into windows, on the executors; each window keeps the tokens before it in
     * its document as its context (fewer at the document's start): a validation window for scoring, a training
     * window for a Markov chain's n-grams across window boundaries.
     *
     * @param codec the codec
     * @param sequenceLength tokens per window
     * @param split the split rule (null: no window is a validation window)
     * @param validationContext how many tokens before a validation window to keep
     * @param trainingContext how many tokens before a training window to keep
     * @return all windows
     */
    public JavaRDD<Window> windows(SequenceCodec codec, int sequenceLength, SplitAssigner split,
                                   int validationContext, int trainingContext) {
        // one iterator per read (a file, a part of one, or a chunk of rows), not per document: a table's millions of
        // short rows would each pay for Spark's conversion of their iterator
        return reads.flatMap(r -> windowsOf(r.content().documents().iterator(), codec, sequenceLength, split,
                validationContext, trainingContext));
    }

    /** @return the windows of the documents, one after the other (static: it must not capture a corpus) */
    private static Iterator<Window> windowsOf(Iterator<Document> documents, SequenceCodec codec, int sequenceLength,
                                              SplitAssigner split, int validationContext, int trainingContext) {
        return new Iterator<>() {
            private DocumentWindows current;

            @Override
            public boolean hasNext() {
                while ((current == null || !current.hasNext()) && documents.hasNext()) {
                    Document d = documents.next();
                    current = new DocumentWindows(d, codec.encode(d.symbols()), sequenceLength, split,
                            validationContext, trainingContext);
                }
                return current != null && current.hasNext();
            }

            @Override
            public Window next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    /** The windows of one document, made one at a time. */
    private static final class DocumentWindows implements Iterator<Window> {
        private final String source;
        private final int[] ids;
        private final Iterator<int[]> cut;
        private final int sequenceLength;
        private final SplitAssigner split;
        private final int validationContext;
        private final int trainingContext;
        private final long first;
        private long offset;

        DocumentWindows(Document document, int[] ids, int sequenceLength, SplitAssigner split, int validationContext,
                        int trainingContext) {
            this.source = document.source();
            this.ids = ids;
            this.cut = Windows.lazily(ids, sequenceLength);
            this.sequenceLength = sequenceLength;
            this.split = split;
            this.validationContext = validationContext;
            this.trainingContext = trainingContext;
            this.first = document.offset();
            this.offset = first;
        }

        @Override
        public boolean hasNext() {
            return cut.hasNext();
        }

        @Override
        public Window next() {
            int[] window = cut.next();
            boolean validation = split != null && split.isValidation(source, offset, first, ids.length);
            int context = validation ? validationContext : trainingContext;
            int start = (int) (offset - first);
            Window w = new Window(source, offset, window, context > 0 && start > 0
                    ? Arrays.copyOfRange(ids, Math.max(0, start - context), start) : new int[0], validation);
            offset += sequenceLength;
            return w;
        }
    }

    /**
     * @param windows all windows, cut under a split
     * @param validation true for the validation side, false for the training side
     * @return that side's windows
     */
    public static JavaRDD<Window> side(JavaRDD<Window> windows, boolean validation) {
        return windows.filter(w -> w.validation() == validation);
    }
}
