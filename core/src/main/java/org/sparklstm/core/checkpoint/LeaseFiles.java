package org.sparklstm.core.checkpoint;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.s3a.S3AFileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparklstm.core.io.HadoopFileIO;
import org.sparklstm.core.io.WrappingFileSystem;
import org.sparklstm.core.run.RunLayout;

/** Chooses a run root's {@link LeaseFile}: the store's own conditional writes where it has them, else exclusive create. */
final class LeaseFiles {
    private static final Logger LOG = LoggerFactory.getLogger(RunLease.class);

    private LeaseFiles() {
    }

    /**
     * @param io the run root's storage
     * @param root the run root, for the log
     * @return the lease file: with S3's conditional writes where the store honours them (probed first)
     * @throws IOException if the probe cannot reach the store
     */
    static LeaseFile of(HadoopFileIO io, URI root) throws IOException {
        FileSystem store = WrappingFileSystem.innermost(io.fileSystem());
        if (!"s3a".equals(store.getUri().getScheme()) || !(store instanceof S3AFileSystem s3)) {
            return new ExclusiveCreateLeaseFile(io, RunLayout.LEASE);
        }
        S3ConditionalLeaseFile conditional = new S3ConditionalLeaseFile(s3,
                WrappingFileSystem.innermostPath(io.fileSystem(), io.path(RunLayout.LEASE)));
        Optional<String> unusable = conditional.probe();
        if (unusable.isEmpty()) {
            return conditional;
        }
        LOG.warn("The store behind {} cannot make the lease's writes conditional ({}); the lease falls back to "
                + "writing and reading back, which two runs started in the same instant can both pass", root,
                unusable.get());
        return new ExclusiveCreateLeaseFile(io, RunLayout.LEASE);
    }
}
