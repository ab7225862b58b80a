package org.sparklstm.job.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Small text files under a run's root (metrics, reports), read and written whole through Hadoop's
 * FileSystem API so that file://, hdfs:// and s3a:// roots behave alike (S3 has no append).
 */
public final class RunFiles {
    private final FileSystem fs;
    private final Path root;

    /**
     * @param root the run's root
     * @param conf Hadoop configuration
     * @throws IOException if the filesystem cannot be reached
     */
    public RunFiles(URI root, Configuration conf) throws IOException {
        Path p = new Path(root);
        this.fs = p.getFileSystem(conf);
        this.root = fs.makeQualified(p);
    }

    /** @return the run root, qualified */
    public URI root() {
        return root.toUri();
    }

    /**
     * @param name a path relative to the root
     * @return its text, or an empty string if it does not exist
     * @throws IOException if it exists but cannot be read
     */
    public String readOrEmpty(String name) throws IOException {
        Path p = new Path(root, name);
        if (!fs.exists(p)) {
            return "";
        }
        try (InputStream in = fs.open(p)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Replaces a file's content.
     *
     * @param name a path relative to the root
     * @param text the new content
     * @throws IOException if it cannot be written
     */
    public void write(String name, String text) throws IOException {
        write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Replaces a file's content.
     *
     * @param name a path relative to the root
     * @param content the new content
     * @throws IOException if it cannot be written
     */
    public void write(String name, byte[] content) throws IOException {
        try (OutputStream out = fs.create(new Path(root, name), true)) {
            out.write(content);
        }
    }
}
