package org.sparklstm.job.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.SerializableConfiguration;
import org.sparklstm.core.config.ConfigException;
import org.sparklstm.datasets.codec.SequenceCodec;
import org.sparklstm.datasets.corpus.CorpusFormat;
import org.sparklstm.datasets.corpus.Document;
import org.sparklstm.datasets.window.SplitAssigner;
import org.sparklstm.datasets.window.Windows;
import scala.Tuple2;

/**
 * A corpus read by Spark from any Hadoop path (file://, hdfs://, s3a://): files, folders or globs, compressed or
 * not, parsed by its {@link CorpusFormat} (text, ABC or MIDI).
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

    private Corpus(JavaRDD<FileRead> reads, List<FileStatus> statuses) {
        this.reads = reads;
        this.documents = reads.flatMap(r -> r.content().documents().iterator());
        this.files = statuses.stream().map(f -> f.getPath().toString()).toList();
        this.bytes = statuses.stream().mapToLong(FileStatus::getLen).sum();
        this.digest = digest(statuses);
    }

    /**
     * @return SHA-256 (hex) of the corpus listing: each file's path, size and modification time, in path order;
     *         it changes when a file is added, removed or rewritten
     */
    public String digest() {
        return digest;
    }

    private static String digest(List<FileStatus> statuses) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (FileStatus f : statuses) {
                sha.update((f.getPath() + "\t" + f.getLen() + "\t" + f.getModificationTime() + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the files' total size on storage (compressed files as stored) */
    public long bytes() {
        return bytes;
    }

    /**
     * Lists the corpus paths and prepares reading them: each file by one task, or a large uncompressed file of a
     * splittable format in parts of at most {@code splitBytes}.
     *
     * @param sc the Spark context
     * @param paths files, folders or globs
     * @param format how to parse the files
     * @param splitBytes the largest part of a file one task reads
     * @return the corpus
     * @throws ConfigException naming {@code corpus} if a path matches no file
     * @throws IOException if a filesystem cannot be reached
     */
    public static Corpus open(JavaSparkContext sc, List<String> paths, CorpusFormat format, long splitBytes)
            throws IOException {
        List<FileStatus> statuses = listStatuses(paths, sc.hadoopConfiguration());
        List<FileRange> ranges = FileRange.plan(statuses, format, splitBytes, sc.hadoopConfiguration());
        SerializableConfiguration conf = new SerializableConfiguration(sc.hadoopConfiguration());
        JavaRDD<FileRead> reads = sc.parallelize(ranges, Math.max(1, ranges.size()))
                .map(r -> FileRead.of(r, conf.value(), format));
        return new Corpus(reads, statuses);
    }

    /** @return what reading each file gave (without the text; the parts of a split file as one), in file order */
    public List<FileRead> report() {
        return reads.map(FileRead::summary).mapToPair(r -> new Tuple2<>(r.source(), r))
                .reduceByKey(FileRead::merge).values().sortBy(FileRead::source, true, 1).collect();
    }

    /**
     * @param paths files, folders or globs
     * @param conf Hadoop configuration
     * @return every file they name, qualified, in a stable order
     * @throws ConfigException naming {@code corpus} if a path matches no file
     * @throws IOException if a filesystem cannot be reached
     */
    public static List<String> listFiles(List<String> paths, Configuration conf) throws IOException {
        return listStatuses(paths, conf).stream().map(s -> s.getPath().toString()).toList();
    }

    /**
     * @param paths files, folders (read recursively, hidden and {@code _} files skipped) or globs
     * @param conf Hadoop configuration
     * @return the status (path, size, modification time) of every file they name, ordered by path
     * @throws ConfigException naming {@code corpus} if a path matches no file
     * @throws IOException if a filesystem cannot be reached
     */
    public static List<FileStatus> listStatuses(List<String> paths, Configuration conf) throws IOException {
        if (paths.isEmpty()) {
            throw new ConfigException("corpus", "at least one corpus path is required");
        }
        List<FileStatus> files = new ArrayList<>();
        for (String p : paths) {
            Path path = new Path(p);
            FileSystem fs = path.getFileSystem(conf);
            FileStatus[] matches = fs.globStatus(fs.makeQualified(path));
            if (matches == null || matches.length == 0) {
                throw new ConfigException("corpus", "no such file or directory: " + p);
            }
            for (FileStatus m : matches) {
                if (m.isDirectory()) {
                    var it = fs.listFiles(m.getPath(), true);
                    while (it.hasNext()) {
                        FileStatus f = it.next();
                        String name = f.getPath().getName();
                        if (!name.startsWith(".") && !name.startsWith("_")) {
                            files.add(f);
                        }
                    }
                } else {
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

    /** @return the files the corpus reads */
    public List<String> files() {
        return files;
    }

    /**
     * Counts every symbol (code point, for text) of the corpus on the executors.
     *
     * @return symbol to occurrences
     */
    public Map<Integer, Long> symbolCounts() {
        return new HashMap<>(documents.mapPartitionsToPair(docs -> {
            long[] dense = new long[DENSE_SYMBOLS];
            Map<Integer, Long> sparse = new HashMap<>();
            while (docs.hasNext()) {
                for (int symbol : docs.next().symbols()) {
                    if (symbol >= 0 && symbol < DENSE_SYMBOLS) {
                        dense[symbol]++;
                    } else {
                        sparse.merge(symbol, 1L, Long::sum);
                    }
                }
            }
            List<Tuple2<Integer, Long>> out = new ArrayList<>(sparse.size());
            for (int symbol = 0; symbol < DENSE_SYMBOLS; symbol++) {
                if (dense[symbol] > 0) {
                    out.add(new Tuple2<>(symbol, dense[symbol]));
                }
            }
            sparse.forEach((k, v) -> out.add(new Tuple2<>(k, v)));
            return out.iterator();
        }).reduceByKey(Long::sum).collectAsMap());
    }

    /**
     * Encodes every document and cuts it into windows, on the executors.
     *
     * @param codec the codec
     * @param sequenceLength tokens per window
     * @return all windows
     */
    public JavaRDD<Window> windows(SequenceCodec codec, int sequenceLength) {
        return documents.flatMap(d -> new DocumentWindows(d, codec.encode(d.symbols()), sequenceLength));
    }

    /** The windows of one document, made one at a time. */
    private static final class DocumentWindows implements Iterator<Window> {
        private final String source;
        private final Iterator<int[]> cut;
        private final int sequenceLength;
        private long offset;

        DocumentWindows(Document document, int[] ids, int sequenceLength) {
            this.source = document.source();
            this.cut = Windows.lazily(ids, sequenceLength);
            this.sequenceLength = sequenceLength;
            this.offset = document.offset();
        }

        @Override
        public boolean hasNext() {
            return cut.hasNext();
        }

        @Override
        public Window next() {
            Window w = new Window(source, offset, cut.next());
            offset += sequenceLength;
            return w;
        }
    }

    /**
     * @param windows all windows
     * @param split the split rule
     * @param validation true for the validation side, false for the training side
     * @return that side's windows
     */
    public static JavaRDD<Window> side(JavaRDD<Window> windows, SplitAssigner split, boolean validation) {
        return windows.filter(w -> split.isValidation(w.source(), w.offset()) == validation);
    }
}
