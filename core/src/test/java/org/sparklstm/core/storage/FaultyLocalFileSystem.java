package org.sparklstm.core.storage;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local file system (without checksums) with injected storage faults, for tests: installed as {@code fs.file.impl} (with
 * {@code fs.file.impl.disable.cache=true}), it throws an {@link IOException} from {@code open}, {@code create},
 * {@code listStatus} or {@code delete} on paths that match a configured pattern (see {@link FaultPlan}).
 */
public class FaultyLocalFileSystem extends RawLocalFileSystem {
    /** The Hadoop keys that install this file system for file:// paths. */
    public static Configuration install(Configuration conf) {
        conf.set("fs.file.impl", FaultyLocalFileSystem.class.getName());
        conf.setBoolean("fs.file.impl.disable.cache", true);
        return conf;
    }

    private FaultPlan faults;

    @Override
    public void initialize(java.net.URI name, Configuration conf) throws IOException {
        super.initialize(name, conf);
        faults = new FaultPlan(conf);
    }

    @Override
    public String getScheme() {
        return "file";
    }

    private void maybeFail(String op, Path path) throws IOException {
        faults.before(op, path);
    }

    @Override
    public FSDataInputStream open(Path f, int bufferSize) throws IOException {
        maybeFail("open", f);
        return super.open(f, bufferSize);
    }

    @Override
    public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
                                     short replication, long blockSize, Progressable progress) throws IOException {
        maybeFail("create", f);
        return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
    }

    @Override
    public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
                                     Progressable progress) throws IOException {
        maybeFail("create", f);
        return super.create(f, overwrite, bufferSize, replication, blockSize, progress);
    }

    @Override
    public FileStatus[] listStatus(Path f) throws IOException {
        maybeFail("list", f);
        return super.listStatus(f);
    }

    @Override
    public boolean delete(Path f, boolean recursive) throws IOException {
        maybeFail("delete", f);
        return super.delete(f, recursive);
    }

    @Override
    public boolean rename(Path src, Path dst) throws IOException {
        maybeFail("rename", src);
        return super.rename(src, dst);
    }
}
