package org.sparklstm.core.io;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A Hadoop file system over another one under its own scheme (one that injects faults, meters or logs calls), so
 * that a run decides what its storage can do (an object store without atomic rename, S3's conditional writes) by
 * the store beneath, while its calls still go through the wrapper.
 */
public interface WrappingFileSystem {
    /** @return the file system beneath */
    FileSystem wrapped();

    /**
     * @param path a path of this file system
     * @return the same file in the file system beneath
     */
    Path toWrapped(Path path);

    /**
     * @param fs any file system
     * @return the store at the bottom of its wrappers (local files without Hadoop's checksum layer)
     */
    static FileSystem innermost(FileSystem fs) {
        FileSystem at = fs;
        while (at instanceof WrappingFileSystem w) {
            at = w.wrapped();
        }
        return at instanceof org.apache.hadoop.fs.LocalFileSystem local ? local.getRawFileSystem() : at;
    }

    /**
     * @param fs any file system
     * @param path a path of it
     * @return the same file in {@link #innermost(FileSystem)}
     */
    static Path innermostPath(FileSystem fs, Path path) {
        FileSystem at = fs;
        Path p = path;
        while (at instanceof WrappingFileSystem w) {
            p = w.toWrapped(p);
            at = w.wrapped();
        }
        return p;
    }
}
