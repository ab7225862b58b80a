package org.sparklstm.core.run;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Small files under a run's root (metrics, reports, records), read and written whole through Hadoop's
 * FileSystem API so that file://, hdfs:// and s3a:// roots behave alike (S3 has no append).
 *
 * <p>A write replaces a file whole or not at all: on an object store a new object appears only when its upload
 * completes; on other file systems the content goes to a hidden temporary file beside the target, which is then
 * renamed over it. If a crash falls between removing the old file and the rename (file systems whose rename does
 * not overwrite), the reader takes the complete temporary file. Local files are written without Hadoop's
 * {@code .crc} side files, which a rename could leave stale.
 */
public final class RunFiles {
    /** Schemes of object stores, where an object is published whole when its upload completes. */
    private static final Set<String> OBJECT_STORES = Set.of("s3a", "s3", "gs", "oss", "abfs", "abfss", "wasb");

    private final FileSystem fs;
    private final Path root;
    private final boolean objectStore;
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
        this.guard = guard;
        Path p = new Path(root);
        FileSystem fileSystem = p.getFileSystem(conf);
        this.fs = fileSystem instanceof LocalFileSystem local ? local.getRawFileSystem() : fileSystem;
        this.root = fs.makeQualified(p);
        this.objectStore = OBJECT_STORES.contains(WrappingFileSystem.innermost(fs).getUri().getScheme());
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
        byte[] content = readOrNull(name);
        return content == null ? "" : new String(content, StandardCharsets.UTF_8);
    }

    /**
     * @param name a path relative to the root
     * @return its content, or null if it does not exist
     * @throws IOException if it exists but cannot be read
     */
    public byte[] readOrNull(String name) throws IOException {
        for (Path p : new Path[] {new Path(root, name), temporary(name)}) {
            try (InputStream in = fs.open(p)) {
                return in.readAllBytes();
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
        return fs.exists(new Path(root, name)) || fs.exists(temporary(name));
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
        Path target = new Path(root, name);
        if (objectStore) {
            writeOnce(target, content);
            return;
        }
        Path tmp = temporary(name);
        writeOnce(tmp, content);
        if (!renamed(tmp, target)) {
            fs.delete(target, false);
            if (!renamed(tmp, target)) {
                throw new IOException("could not rename " + tmp + " to " + target);
            }
        }
    }

    /** @return whether the rename happened; false when the target exists (some stores throw for that instead) */
    private boolean renamed(Path from, Path to) throws IOException {
        try {
            return fs.rename(from, to);
        } catch (FileAlreadyExistsException e) {
            return false;
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
        Path source = new Path(root, from);
        if (!fs.exists(source)) {
            return false;
        }
        Path target = new Path(root, to);
        fs.mkdirs(target.getParent());
        if (!fs.rename(source, target)) {
            throw new IOException("could not move " + source + " to " + target);
        }
        return true;
    }

    /**
     * @param name a path relative to the root
     * @throws IOException if it exists and cannot be deleted
     */
    public void delete(String name) throws IOException {
        guard.check();
        fs.delete(new Path(root, name), true);
    }

    private void writeOnce(Path path, byte[] content) throws IOException {
        try (OutputStream out = fs.create(path, true)) {
            out.write(content);
        }
    }

    private Path temporary(String name) {
        Path target = new Path(root, name);
        return new Path(target.getParent(), "." + target.getName() + ".tmp");
    }
}
