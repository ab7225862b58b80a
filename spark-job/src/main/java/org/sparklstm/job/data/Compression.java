package org.sparklstm.job.data;

import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * Which corpus files are compressed, known by their extension, and how to read them decompressed: {@code .zst}
 * by zstd-jni (which Spark ships; Hadoop's own Zstandard codec needs Hadoop's native library, which most clusters
 * and every laptop lack), the rest ({@code .gz}, {@code .bz2}, any codec Hadoop knows) by Hadoop's codecs. A
 * compressed file is always read whole.
 */
public final class Compression {
    private static final String ZSTANDARD = ".zst";
    private static final int CHUNK = 64 * 1024;

    private final CompressionCodecFactory codecs;

    /** @param conf Hadoop configuration (its {@code io.compression.codecs}) */
    public Compression(Configuration conf) {
        this.codecs = new CompressionCodecFactory(conf);
    }

    /**
     * @param path a file
     * @return whether its extension names a compression format
     */
    public boolean isCompressed(Path path) {
        return path.getName().endsWith(ZSTANDARD) || codecs.getCodec(path) != null;
    }

    /**
     * Reads a file's content, decompressed, up to a limit. Reads go into a buffer from its start: Hadoop's bzip2
     * stream, asked to fill a buffer from an offset ({@link InputStream#readNBytes(int)} does), reads the wrong
     * length at a block's end and ends the content early, without an error.
     *
     * @param path a file
     * @param conf Hadoop configuration
     * @param limit the most bytes wanted
     * @return its first {@code limit + 1} bytes at most (more than {@code limit}: the file is larger)
     * @throws IOException if it cannot be read
     */
    public byte[] readAtMost(Path path, Configuration conf, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[CHUNK];
        try (InputStream in = open(path, conf)) {
            for (int n = in.read(chunk, 0, chunk.length); n >= 0 && out.size() <= limit;
                 n = in.read(chunk, 0, chunk.length)) {
                out.write(chunk, 0, Math.min(n, limit + 1 - out.size()));
            }
        }
        return out.toByteArray();
    }

    /**
     * @param path a file
     * @param conf Hadoop configuration
     * @return its content, decompressed if it is compressed
     * @throws IOException if it cannot be opened
     */
    public InputStream open(Path path, Configuration conf) throws IOException {
        InputStream stored = path.getFileSystem(conf).open(path);
        try {
            if (path.getName().endsWith(ZSTANDARD)) {
                return new ZstdInputStream(stored);
            }
            CompressionCodec codec = codecs.getCodec(path);
            return codec == null ? stored : codec.createInputStream(stored);
        } catch (IOException | RuntimeException e) {
            stored.close();
            throw e;
        }
    }
}
