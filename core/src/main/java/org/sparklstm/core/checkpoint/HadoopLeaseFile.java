package org.sparklstm.core.checkpoint;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.ipc.RemoteException;
import org.sparklstm.core.run.Sha256;

/**
 * A lease file on any Hadoop file system. Creating is exclusive where the file system makes it so (HDFS, local
 * files: {@code create} without overwrite); replacing compares the content's digest first, then overwrites, which
 * leaves a short window between the two that {@link RunLease} narrows by reading its write back.
 */
final class HadoopLeaseFile implements LeaseFile {
    private final FileSystem fs;
    private final Path path;

    HadoopLeaseFile(FileSystem fs, Path path) {
        this.fs = fs;
        this.path = path;
    }

    @Override
    public Optional<Content> read() throws IOException {
        try (InputStream in = fs.open(path)) {
            byte[] bytes = in.readAllBytes();
            return Optional.of(new Content(bytes, Sha256.hex(bytes)));
        } catch (FileNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<String> createIfAbsent(byte[] bytes) throws IOException {
        try (OutputStream out = fs.create(path, false)) {
            out.write(bytes);
        } catch (FileAlreadyExistsException e) {
            return Optional.empty();
        } catch (RemoteException e) {
            if (e.getClassName().endsWith(".FileAlreadyExistsException")
                    || e.getClassName().endsWith(".AlreadyBeingCreatedException")) {
                return Optional.empty(); // HDFS: another client created it, or is creating it right now
            }
            throw e;
        }
        return Optional.of(Sha256.hex(bytes));
    }

    @Override
    public Optional<String> replaceIf(byte[] bytes, String expected) throws IOException {
        Optional<Content> now = read();
        if (now.isEmpty() || !now.get().version().equals(expected)) {
            return Optional.empty();
        }
        try (OutputStream out = fs.create(path, true)) {
            out.write(bytes);
        }
        return Optional.of(Sha256.hex(bytes));
    }

    @Override
    public void deleteIf(String expected) throws IOException {
        Optional<Content> now = read();
        if (now.isPresent() && now.get().version().equals(expected)) {
            fs.delete(path, false);
        }
    }

    @Override
    public String describe() {
        return "exclusive create, compare then write";
    }

}
