package org.sparklstm.core.storage;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;
import org.sparklstm.core.io.WrappingFileSystem;

/**
 * Any Hadoop file system with storage faults injected (see {@link FaultPlan}), under its own scheme:
 * {@code faulty:///a/b} is {@code <fs.faulty.target>/a/b}, for a target such as {@code file:///tmp/soak},
 * {@code hdfs://127.0.0.1:9000/soak} or {@code s3a://bucket/soak}. Installed with
 * {@code fs.faulty.impl=org.sparklstm.core.storage.FaultInjectingFileSystem}; every call of this project's
 * storage (open, create, read, write, close, list, status, delete, rename, mkdirs) can then fail, wait or be cut
 * short, whatever the real store is.
 */
public class FaultInjectingFileSystem extends FileSystem implements WrappingFileSystem {
    /** This file system's scheme. */
    public static final String SCHEME = "faulty";

    private FileSystem inner;
    private String target;
    private FaultPlan faults;
    private Path workingDirectory = new Path("faulty:///");

    @Override
    public void initialize(URI name, Configuration conf) throws IOException {
        super.initialize(name, conf);
        setConf(conf);
        target = conf.get("fs.faulty.target").replaceAll("/+$", "");
        FileSystem found = new Path(target).getFileSystem(conf);
        inner = found instanceof LocalFileSystem local ? local.getRawFileSystem() : found;
        faults = new FaultPlan(conf);
    }

    @Override
    public FileSystem wrapped() {
        return inner;
    }

    @Override
    public Path toWrapped(Path path) {
        return in(path);
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public URI getUri() {
        return URI.create("faulty:///");
    }

    private Path in(Path outer) {
        Path qualified = outer.isAbsolute() ? outer : new Path(workingDirectory, outer);
        return new Path(target + qualified.toUri().getPath());
    }

    private Path out(Path innerPath) {
        String path = innerPath.toUri().getPath();
        String base = new Path(target).toUri().getPath();
        return new Path("faulty://" + (path.startsWith(base) ? path.substring(base.length()) : path));
    }

    private FileStatus out(FileStatus s) throws IOException {
        FileStatus copy = new FileStatus(s);
        copy.setPath(out(s.getPath()));
        return copy;
    }

    @Override
    public FSDataInputStream open(Path f, int bufferSize) throws IOException {
        faults.before("open", f);
        FSDataInputStream real = inner.open(in(f), bufferSize);
        return new FSDataInputStream(new Seekable(real, f));
    }

    /** The inner stream, seekable, with read faults. */
    private final class Seekable extends FSInputStream {
        private final FSDataInputStream real;
        private final java.io.InputStream faulty;

        Seekable(FSDataInputStream real, Path path) {
            this.real = real;
            this.faulty = faults.reading(real, path);
        }

        @Override
        public void seek(long pos) throws IOException {
            real.seek(pos);
        }

        @Override
        public long getPos() throws IOException {
            return real.getPos();
        }

        @Override
        public boolean seekToNewSource(long targetPos) {
            return false;
        }

        @Override
        public int read() throws IOException {
            return faulty.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return faulty.read(b, off, len);
        }

        @Override
        public void close() throws IOException {
            real.close();
        }
    }

    @Override
    public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
                                     short replication, long blockSize, Progressable progress) throws IOException {
        faults.before("create", f);
        FSDataOutputStream real = inner.create(in(f), permission, overwrite, bufferSize, replication, blockSize,
                progress);
        return new FSDataOutputStream(faults.writing(real, f), null);
    }

    @Override
    public FSDataOutputStream append(Path f, int bufferSize, Progressable progress) throws IOException {
        throw new IOException("append is not supported by " + SCHEME);
    }

    @Override
    public boolean rename(Path src, Path dst) throws IOException {
        faults.before("rename", src);
        return inner.rename(in(src), in(dst));
    }

    @Override
    public boolean delete(Path f, boolean recursive) throws IOException {
        faults.before("delete", f);
        return inner.delete(in(f), recursive);
    }

    @Override
    public FileStatus[] listStatus(Path f) throws IOException {
        faults.before("list", f);
        FileStatus[] real = inner.listStatus(in(f));
        FileStatus[] mine = new FileStatus[real.length];
        for (int i = 0; i < real.length; i++) {
            mine[i] = out(real[i]);
        }
        return mine;
    }

    @Override
    public void setWorkingDirectory(Path dir) {
        workingDirectory = dir;
    }

    @Override
    public Path getWorkingDirectory() {
        return workingDirectory;
    }

    @Override
    public boolean mkdirs(Path f, FsPermission permission) throws IOException {
        faults.before("mkdirs", f);
        return inner.mkdirs(in(f), permission);
    }

    @Override
    public FileStatus getFileStatus(Path f) throws IOException {
        faults.before("status", f);
        try {
            return out(inner.getFileStatus(in(f)));
        } catch (FileNotFoundException e) {
            throw new FileNotFoundException(f + ": " + e.getMessage());
        }
    }
}
