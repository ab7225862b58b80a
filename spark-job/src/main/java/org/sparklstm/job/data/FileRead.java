package org.sparklstm.job.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.input.PortableDataStream;
import org.sparklstm.datasets.CorpusException;
import org.sparklstm.datasets.text.BadInputPolicy;
import org.sparklstm.datasets.text.TextDecoder;

/**
 * What reading one corpus file gave: its text, or why it was skipped. Compressed files ({@code .gz},
 * {@code .bz2}, any codec Hadoop knows by extension) are decompressed. (A class, not a record: Spark's Kryo
 * cannot build records.)
 */
public final class FileRead implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final long bytes;
    private final String text;
    private final long replaced;
    private final String skipReason;

    private FileRead(String source, long bytes, String text, long replaced, String skipReason) {
        this.source = source;
        this.bytes = bytes;
        this.text = text;
        this.replaced = replaced;
        this.skipReason = skipReason;
    }

    /**
     * Reads and decodes one file on an executor.
     *
     * @param source the file
     * @param stream its content
     * @param policy what to do if it is not valid UTF-8
     * @return the result; never throws for a file that can be skipped
     * @throws CorpusException for invalid UTF-8 under {@link BadInputPolicy#FAIL}
     */
    public static FileRead of(String source, PortableDataStream stream, BadInputPolicy policy) {
        byte[] raw;
        try (InputStream in = open(source, stream)) {
            raw = in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            return new FileRead(source, 0, null, 0, "unreadable: " + e.getMessage());
        }
        if (raw.length == 0) {
            return new FileRead(source, 0, null, 0, "empty file");
        }
        int nul = TextDecoder.binaryOffset(raw);
        if (nul >= 0) {
            return new FileRead(source, raw.length, null, 0, "binary file (NUL byte at offset " + nul + ")");
        }
        try {
            TextDecoder.Decoded decoded = TextDecoder.decodeUtf8(raw, source, policy);
            return new FileRead(source, raw.length, decoded.text(), decoded.replaced(), null);
        } catch (CorpusException e) {
            if (policy == BadInputPolicy.FAIL) {
                throw e;
            }
            return new FileRead(source, raw.length, null, 0, e.getMessage().substring(source.length() + 2));
        }
    }

    private static InputStream open(String source, PortableDataStream stream) throws IOException {
        CompressionCodec codec = new CompressionCodecFactory(new Configuration()).getCodec(new Path(source));
        InputStream in = stream.open();
        return codec == null ? in : codec.createInputStream(in);
    }

    /** @return the file */
    public String source() {
        return source;
    }

    /** @return its (decompressed) size in bytes */
    public long bytes() {
        return bytes;
    }

    /** @return its text, or null if it was skipped */
    public String text() {
        return text;
    }

    /** @return how many malformed UTF-8 sequences were replaced */
    public long replaced() {
        return replaced;
    }

    /** @return why it was skipped, or null if it was read */
    public String skipReason() {
        return skipReason;
    }

    /** @return this result without its text, for the data report */
    public FileRead summary() {
        return new FileRead(source, bytes, null, replaced, skipReason);
    }
}
