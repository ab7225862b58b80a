package org.sparklstm.job.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.sparklstm.datasets.CorpusException;
import org.sparklstm.datasets.corpus.CorpusFormat;
import org.sparklstm.datasets.corpus.ParsedFile;
import org.sparklstm.datasets.corpus.PartBoundary;

/**
 * What reading one corpus file (or one part of a large one, see {@link FileRange}) gave: its documents, or why it
 * was skipped. Compressed files ({@code .gz}, {@code .bz2}, {@code .zst}, see {@link Compression}) are decompressed;
 * empty and unreadable files, files over the size limit and files the format's reader fails on are skipped;
 * the rest is up to the {@link CorpusFormat}. (A class, not a record: Spark's Kryo cannot build records.)
 */
public final class FileRead implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int MAX_CONTINUATION_BYTES = 3;
    private static final int LINE_CHUNK = 64 * 1024;
    /** The largest byte array a JVM allocates, less a margin. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 16;

    private final String source;
    private final long bytes;
    private final ParsedFile content;
    private final String partlySkipped;

    private FileRead(String source, long bytes, ParsedFile content) {
        this(source, bytes, content, null);
    }

    private FileRead(String source, long bytes, ParsedFile content, String partlySkipped) {
        this.source = source;
        this.bytes = bytes;
        this.content = content;
        this.partlySkipped = partlySkipped;
    }

    /**
     * Reads and parses one file, or one part of a large file, through Hadoop's FileSystem.
     *
     * @param range the file or part
     * @param conf Hadoop configuration
     * @param format how to parse it
     * @param maxFileBytes the most bytes a file read whole may hold (after decompression)
     * @return the result; never throws for a file that can be skipped
     * @throws CorpusException for a bad file when the format's policy is to fail
     */
    public static FileRead of(FileRange range, Configuration conf, CorpusFormat format, long maxFileBytes) {
        if (range.isWhole()) {
            return whole(range.source(), conf, format, maxFileBytes);
        }
        return format.partBoundary() == PartBoundary.LINE ? lines(range, conf, format, maxFileBytes)
                : characters(range, conf, format);
    }

    /**
     * @param source a file
     * @param reason why it is skipped, in words a user can act on
     * @return a file skipped before it was read
     */
    public static FileRead skipped(String source, String reason) {
        return new FileRead(source, 0, ParsedFile.skipped(reason));
    }

    /**
     * @param source the file the rows come from (or the table or query, for rows without one)
     * @param bytes the text's size in bytes
     * @param content the rows' documents and bad rows
     * @return what one task read of a table's rows from one file
     */
    public static FileRead ofRows(String source, long bytes, ParsedFile content) {
        return new FileRead(source, bytes, content);
    }

    /**
     * Reads and parses one whole file through Hadoop's FileSystem.
     *
     * @param source the file
     * @param conf Hadoop configuration
     * @param format how to parse it
     * @param maxFileBytes the most bytes it may hold (after decompression)
     * @return the result; never throws for a file that can be skipped
     * @throws CorpusException for a bad file when the format's policy is to fail
     */
    public static FileRead of(String source, Configuration conf, CorpusFormat format, long maxFileBytes) {
        return whole(source, conf, format, maxFileBytes);
    }

    private static FileRead whole(String source, Configuration conf, CorpusFormat format, long maxFileBytes) {
        byte[] raw;
        try {
            raw = bytes(source, conf, maxFileBytes);
        } catch (CorpusException e) {
            return new FileRead(source, 0, ParsedFile.skipped(e.problem()));
        }
        return new FileRead(source, raw.length, parse(format, source, raw));
    }

    /**
     * Reads a whole file, decompressed.
     *
     * @param source the file
     * @param conf the Hadoop configuration
     * @param maxFileBytes the most it may hold, after decompression
     * @return its bytes
     * @throws CorpusException naming why it cannot be used: unreadable, too large or empty
     */
    public static byte[] bytes(String source, Configuration conf, long maxFileBytes) {
        Path path = new Path(source);
        byte[] raw;
        Compression compression = new Compression(conf);
        long limit = Math.min(maxFileBytes, MAX_ARRAY);
        try {
            raw = compression.readAtMost(path, conf, (int) limit);
        } catch (IOException | RuntimeException e) {
            throw new CorpusException(source, "unreadable: " + e.getMessage());
        }
        if (raw.length > limit) {
            throw new CorpusException(source, (!compression.isCompressed(path) ? "larger than " : "decompresses to "
                    + "more than ") + (limit >> 20) + " MiB (max-file-mb); a file read whole must fit in a task");
        }
        if (raw.length == 0) {
            throw new CorpusException(source, "empty file");
        }
        return raw;
    }

    /**
     * Parses bytes; any failure of the parser on this file, short of the fail policy's {@link CorpusException},
     * skips the file instead of ending the job.
     */
    private static ParsedFile parse(CorpusFormat format, String source, byte[] raw) {
        return parse(format, source, -1, raw);
    }

    /** Parses a whole file ({@code base} < 0) or a part of one, as {@link #parse(CorpusFormat, String, byte[])}. */
    private static ParsedFile parse(CorpusFormat format, String source, long base, byte[] raw) {
        try {
            return base < 0 ? format.parse(source, raw) : format.parsePart(source, base, raw);
        } catch (CorpusException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            return ParsedFile.skipped("the " + format.name() + " reader failed on it: " + e);
        }
    }

    /**
     * Reads a byte range cut at UTF-8 character boundaries: it leaves out the continuation bytes it starts with
     * (they end the previous part's last character) and reads on past its end to finish its last character.
     */
    private static FileRead characters(FileRange range, Configuration conf, CorpusFormat format) {
        Path path = new Path(range.source());
        byte[] raw;
        try (FSDataInputStream in = path.getFileSystem(conf).open(path)) {
            in.seek(range.start());
            raw = in.readNBytes((int) range.length() + MAX_CONTINUATION_BYTES);
        } catch (IOException | RuntimeException e) {
            return unreadablePart(range, e);
        }
        int from = 0;
        while (range.start() > 0 && from < MAX_CONTINUATION_BYTES && from < raw.length && continuation(raw[from])) {
            from++;
        }
        int to = (int) Math.min(range.length(), raw.length);
        while (to < raw.length && continuation(raw[to])) {
            to++;
        }
        return parsedPart(range, format, range.start() + from, Arrays.copyOfRange(raw, from, Math.max(from, to)));
    }

    /**
     * Reads the lines (rows) that start in a byte range: it leaves out the end of a line it starts inside (the
     * previous part's) and reads on past its end to finish its last line, up to the size limit (a longer row is
     * left cut, for the format to count as oversized).
     */
    private static FileRead lines(FileRange range, Configuration conf, CorpusFormat format, long maxRowBytes) {
        Path path = new Path(range.source());
        int before = range.start() > 0 ? 1 : 0;
        ByteArrayOutputStream mine = new ByteArrayOutputStream();
        int from;
        try (FSDataInputStream in = path.getFileSystem(conf).open(path)) {
            in.seek(range.start() - before);
            byte[] raw = in.readNBytes((int) range.length() + before);
            int newline = before == 0 || raw.length == 0 || raw[0] == '\n' ? 0 : indexOf(raw, 1, raw.length);
            from = newline < 0 ? raw.length : before + newline;
            if (from >= raw.length) {
                return new FileRead(range.source(), 0, ParsedFile.read(List.of(), 0));
            }
            mine.write(raw, from, raw.length - from);
            if (raw[raw.length - 1] != '\n') {
                readLineEnd(in, mine, maxRowBytes);
            }
        } catch (IOException | RuntimeException e) {
            return unreadablePart(range, e);
        }
        return parsedPart(range, format, range.start() - before + from, mine.toByteArray());
    }

    /** Reads on to the end of the current line (its newline included), or to the end of the file or the limit. */
    private static void readLineEnd(InputStream in, ByteArrayOutputStream out, long limit) throws IOException {
        byte[] chunk = new byte[LINE_CHUNK];
        long read = 0;
        for (int n = in.read(chunk); n > 0 && read <= limit; n = in.read(chunk)) {
            int newline = indexOf(chunk, 0, n);
            if (newline >= 0) {
                out.write(chunk, 0, newline + 1);
                return;
            }
            out.write(chunk, 0, n);
            read += n;
        }
    }

    /** @return the index of the first newline in {@code bytes[from, to)}, or -1 */
    private static int indexOf(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static FileRead unreadablePart(FileRange range, Exception e) {
        return new FileRead(range.source(), 0, ParsedFile.skipped("unreadable from byte " + range.start()
                + ": " + e.getMessage()));
    }

    /** Parses a part whose bytes start at {@code base} in its file. */
    private static FileRead parsedPart(FileRange range, CorpusFormat format, long base, byte[] mine) {
        try {
            return new FileRead(range.source(), mine.length, parse(format, range.source(), base, mine));
        } catch (CorpusException e) {
            throw new CorpusException(range.source(), e.problem() + " (in the part from byte " + range.start() + ")");
        }
    }

    private static boolean continuation(byte b) {
        return (b & 0xC0) == 0x80;
    }

    /**
     * @param other another part of the same file
     * @return both parts' accounts as one: read if either part was read (a skipped part's reason is kept)
     */
    public FileRead merge(FileRead other) {
        ParsedFile a = content;
        ParsedFile b = other.content;
        if (a.skipReason() != null && b.skipReason() != null) {
            return new FileRead(source, bytes + other.bytes, a);
        }
        long read = (a.skipReason() == null ? bytes : 0) + (b.skipReason() == null ? other.bytes : 0);
        String partly = a.skipReason() != null ? a.skipReason() : b.skipReason() != null ? b.skipReason()
                : partlySkipped != null ? partlySkipped : other.partlySkipped;
        return new FileRead(source, read, a.mergeCounts(b), partly);
    }

    /** @return why a part of a file that was otherwise read was skipped, or null */
    public String partlySkipped() {
        return partlySkipped;
    }

    /** @return the file */
    public String source() {
        return source;
    }

    /** @return its (decompressed) size in bytes */
    public long bytes() {
        return bytes;
    }

    /** @return its documents, or why it was skipped */
    public ParsedFile content() {
        return content;
    }

    /** @return this result without its documents, for the data report */
    public FileRead summary() {
        return new FileRead(source, bytes, content.summary(), partlySkipped);
    }
}
