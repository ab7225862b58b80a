package org.sparklstm.core.checkpoint;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Optional;
import org.sparklstm.core.io.FileIO;
import org.sparklstm.core.run.Sha256;

/**
 * A lease file on any store, through the {@link FileIO} seam. Creating is exclusive where the store makes it so
 * (HDFS, local files); replacing compares the content's digest first, then overwrites, which leaves a short
 * window between the two that {@link RunLease} narrows by reading its write back.
 */
final class ExclusiveCreateLeaseFile implements LeaseFile {
    private final FileIO io;
    private final String path;

    /**
     * @param io the storage of the run root
     * @param path the lease file's path in it
     */
    ExclusiveCreateLeaseFile(FileIO io, String path) {
        this.io = io;
        this.path = path;
    }

    @Override
    public Optional<Content> read() throws IOException {
        try {
            byte[] bytes = io.read(path);
            return Optional.of(new Content(bytes, Sha256.hex(bytes)));
        } catch (FileNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<String> createIfAbsent(byte[] bytes) throws IOException {
        return io.createIfAbsent(path, bytes) ? Optional.of(Sha256.hex(bytes)) : Optional.empty();
    }

    @Override
    public Optional<String> replaceIf(byte[] bytes, String expected) throws IOException {
        Optional<Content> now = read();
        if (now.isEmpty() || !now.get().version().equals(expected)) {
            return Optional.empty();
        }
        io.write(path, bytes);
        return Optional.of(Sha256.hex(bytes));
    }

    @Override
    public void deleteIf(String expected) throws IOException {
        Optional<Content> now = read();
        if (now.isPresent() && now.get().version().equals(expected)) {
            io.delete(path);
        }
    }

    @Override
    public String describe() {
        return "exclusive create, compare then write";
    }
}
