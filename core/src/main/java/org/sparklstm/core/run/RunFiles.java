package org.sparklstm.core.run;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.sparklstm.core.io.FileIO;
import org.sparklstm.core.io.HadoopFileIO;

/**
 * Small files under a run's root (metrics, reports, records), read and written whole through the {@link FileIO}
 * seam, so that file://, hdfs:// and s3a:// roots behave alike (S3 has no append).
 *
 * <p>A write replaces a file whole or not at all: on an object store a new object appears only when its upload
 * completes; on other file systems the content goes to a hidden temporary file beside the target, which is then
 * renamed over it. If a crash falls between removing the old file and the rename (file systems whose rename does
 * not overwrite), the reader takes the complete temporary file.
 */
public final class RunFiles {
    private final FileIO io;
    private final WriteGuard guard;

    /**
     * Files of a root no lease protects (or only read).
     *
     * @param root the run's root
     * @param conf Hadoop configuration
     * @throws IOException if the filesystem cannot be reached
     */
    public RunFiles(URI root, Configuration conf) throws IOException {
        this(root, conf, WriteGuard.NONE);
    }

    /**
     * @param root the run's root
     * @param conf Hadoop configuration
     * @param guard checked before every write, move and delete (the root's lease)
     * @throws IOException if the filesystem cannot be reached
     */
    public RunFiles(URI root, Configuration conf, WriteGuard guard) throws IOException {
        this(HadoopFileIO.of(root, conf), guard);
    }

    /**
     * @param io the storage, rooted at the run's root
     * @param guard checked before every write, move and delete (the root's lease)
     */
    public RunFiles(FileIO io, WriteGuard guard) {
        this.io = io;
        this.guard = guard;
    }

    /** @return the run root, qualified */
    public URI root() {
        return io.root();
    }

    /**
     * @param name a path relative to the root
     * @return its text, or an empty string if it does not exist
     * @throws IOException if it exists but cannot be read
     */
    public String readOrEmpty(String name) throws IOException {
        byte[] content = readOrNull(name);
        return content == null ? "" : new String(content, StandardCharsets.UTF_8);
    }

    /**
     * @param name a path relative to the root
     * @return its content, or null if it does not exist
     * @throws IOException if it exists but cannot be read
     */
    public byte[] readOrNull(String name) throws IOException {
        for (String path : new String[] {name, temporary(name)}) {
            try {
                return io.read(path);
            } catch (FileNotFoundException e) {
                // try the next
            }
        }
        return null;
    }

    /**
     * @param name a path relative to the root
     * @return whether it exists (whole)
     * @throws IOException if storage cannot be asked
     */
    public boolean exists(String name) throws IOException {
        return io.exists(name) || io.exists(temporary(name));
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
     * Replaces a file's content, whole or not at all.
     *
     * @param name a path relative to the root
     * @param content the new content
     * @throws IOException if it cannot be written
     */
    public void write(String name, byte[] content) throws IOException {
        guard.check();
        if (io.publishesWhole()) {
            io.write(name, content);
            return;
        }
        String tmp = temporary(name);
        io.write(tmp, content);
        if (!io.rename(tmp, name)) {
            io.delete(name);
            if (!io.rename(tmp, name)) {
                throw new IOException("could not rename " + io.uri(tmp) + " to " + io.uri(name));
            }
        }
    }

    /**
     * Moves a file or folder under the root to another place under it.
     *
     * @param from a path relative to the root
     * @param to the new path relative to the root (its parent is created)
     * @return whether there was something to move
     * @throws IOException if it cannot be moved
     */
    public boolean move(String from, String to) throws IOException {
        guard.check();
        if (!io.exists(from)) {
            return false;
        }
        int slash = to.lastIndexOf('/');
        if (slash > 0) {
            io.mkdirs(to.substring(0, slash));
        }
        if (!io.rename(from, to)) {
            throw new IOException("could not move " + io.uri(from) + " to " + io.uri(to));
        }
        return true;
    }

    /**
     * @param name a path relative to the root
     * @throws IOException if it exists and cannot be deleted
     */
    public void delete(String name) throws IOException {
        guard.check();
        io.delete(name);
    }

    private static String temporary(String name) {
        int slash = name.lastIndexOf('/');
        return name.substring(0, slash + 1) + "." + name.substring(slash + 1) + ".tmp";
    }
}
