package org.sparklstm.job.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.input.PortableDataStream;
import org.sparklstm.datasets.CorpusException;
import org.sparklstm.datasets.corpus.CorpusFormat;
import org.sparklstm.datasets.corpus.ParsedFile;

/**
 * What reading one corpus file gave: its documents, or why it was skipped. Compressed files ({@code .gz},
 * {@code .bz2}, any codec Hadoop knows by extension) are decompressed; empty and unreadable files are skipped;
 * the rest is up to the {@link CorpusFormat}. (A class, not a record: Spark's Kryo cannot build records.)
 */
public final class FileRead implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final long bytes;
    private final ParsedFile content;

    private FileRead(String source, long bytes, ParsedFile content) {
        this.source = source;
        this.bytes = bytes;
        this.content = content;
    }

    /**
     * Reads and parses one file on an executor.
     *
     * @param source the file
     * @param stream its content
     * @param format how to parse it
     * @return the result; never throws for a file that can be skipped
     * @throws CorpusException for a bad file when the format's policy is to fail
     */
    public static FileRead of(String source, PortableDataStream stream, CorpusFormat format) {
        return of(source, stream::open, format);
    }

    /**
     * Reads and parses one file in this JVM, through Hadoop's FileSystem.
     *
     * @param source the file
     * @param conf Hadoop configuration
     * @param format how to parse it
     * @return the result; never throws for a file that can be skipped
     * @throws CorpusException for a bad file when the format's policy is to fail
     */
    public static FileRead of(String source, Configuration conf, CorpusFormat format) {
        Path path = new Path(source);
        return of(source, () -> path.getFileSystem(conf).open(path), format);
    }

    private static FileRead of(String source, Opener opener, CorpusFormat format) {
        byte[] raw;
        CompressionCodec codec = new CompressionCodecFactory(new Configuration()).getCodec(new Path(source));
        try (InputStream stream = opener.open();
             InputStream in = codec == null ? stream : codec.createInputStream(stream)) {
            raw = in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            return new FileRead(source, 0, ParsedFile.skipped("unreadable: " + e.getMessage()));
        }
        if (raw.length == 0) {
            return new FileRead(source, 0, ParsedFile.skipped("empty file"));
        }
        return new FileRead(source, raw.length, format.parse(source, raw));
    }

    /** Opens a file's raw (possibly compressed) content. */
    private interface Opener {
        InputStream open() throws IOException;
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
        return new FileRead(source, bytes, content.skipReason() != null ? content
                : ParsedFile.read(List.of(), content.replaced()));
    }
}
