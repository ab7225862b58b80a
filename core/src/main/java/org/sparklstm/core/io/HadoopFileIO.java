package org.sparklstm.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.StreamCapabilities;
import org.apache.hadoop.ipc.RemoteException;

/**
 * {@link FileIO} over Hadoop's FileSystem API, so that {@code file://}, {@code hdfs://} and {@code s3a://} roots
 * (and the tests' fault-injecting file systems) behave alike.
 */
public final class HadoopFileIO implements FileIO {
    /** Schemes of object stores, where an object is published whole when its upload completes. */
    private static final Set<String> OBJECT_STORES = Set.of("s3a", "s3", "gs", "oss", "abfs", "abfss", "wasb");

    private final FileSystem fs;
    private final Path root;

    private HadoopFileIO(FileSystem fs, Path root) {
        this.fs = fs;
        this.root = fs.makeQualified(root);
    }

    /**
     * Files that are replaced in place (a run's records, the lease): on the local file system without Hadoop's
     * {@code .crc} side files, which a rename could leave stale.
     *
     * @param root the root
     * @param conf Hadoop configuration (credentials, endpoints)
     * @return the storage
     * @throws IOException if the file system cannot be reached
     */
    public static HadoopFileIO of(URI root, Configuration conf) throws IOException {
        Path p = new Path(root);
        FileSystem found = p.getFileSystem(conf);
        return new HadoopFileIO(found instanceof LocalFileSystem local ? local.getRawFileSystem() : found, p);
    }

    /**
     * Files written once and never renamed (checkpoint folders): on the local file system with Hadoop's checksums,
     * which find a damaged file before its manifest does.
     *
     * @param root the root
     * @param conf Hadoop configuration (credentials, endpoints)
     * @return the storage
     * @throws IOException if the file system cannot be reached
     */
    public static HadoopFileIO checksummed(URI root, Configuration conf) throws IOException {
        Path p = new Path(root);
        return new HadoopFileIO(p.getFileSystem(conf), p);
    }

    /** @return the file system beneath, for what only one store has (S3's conditional writes) */
    public FileSystem fileSystem() {
        return fs;
    }

    /**
     * @param path a path relative to the root
     * @return it as a Hadoop path
     */
    public Path path(String path) {
        return path.isEmpty() ? root : new Path(root, path);
    }

    @Override
    public URI root() {
        return root.toUri();
    }

    @Override
    public URI uri(String path) {
        return path(path).toUri();
    }

    @Override
    public byte[] read(String path) throws IOException {
        try (InputStream in = fs.open(path(path))) {
            return in.readAllBytes();
        }
    }

    @Override
    public void write(String path, byte[] content) throws IOException {
        try (FSDataOutputStream out = fs.create(path(path), true)) {
            out.write(content);
            if (out.hasCapability(StreamCapabilities.HSYNC)) {
                out.hsync();
            }
        }
    }

    @Override
    public boolean createIfAbsent(String path, byte[] content) throws IOException {
        try (FSDataOutputStream out = fs.create(path(path), false)) {
            out.write(content);
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (RemoteException e) {
            if (e.getClassName().endsWith(".FileAlreadyExistsException")
                    || e.getClassName().endsWith(".AlreadyBeingCreatedException")) {
                return false; // HDFS: another client created it, or is creating it right now
            }
            throw e;
        }
        return true;
    }

    @Override
    public boolean exists(String path) throws IOException {
        return fs.exists(path(path));
    }

    @Override
    public List<String> folders(String folder) throws IOException {
        List<String> names = new ArrayList<>();
        Path dir = path(folder);
        if (!fs.exists(dir)) {
            return names;
        }
        for (FileStatus s : fs.listStatus(dir)) {
            if (s.isDirectory()) {
                names.add(s.getPath().getName());
            }
        }
        names.sort(null);
        return names;
    }

    @Override
    public void delete(String path) throws IOException {
        fs.delete(path(path), true);
    }

    @Override
    public boolean rename(String from, String to) throws IOException {
        try {
            return fs.rename(path(from), path(to));
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    @Override
    public void mkdirs(String folder) throws IOException {
        fs.mkdirs(path(folder));
    }

    @Override
    public boolean publishesWhole() {
        return OBJECT_STORES.contains(WrappingFileSystem.innermost(fs).getUri().getScheme());
    }
}
