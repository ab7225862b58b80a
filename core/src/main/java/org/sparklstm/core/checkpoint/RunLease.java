package org.sparklstm.core.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exclusive, expiring lease on a run's output root, so that two runs never write over each other.
 *
 * <p>The lease is the file {@code <root>/_lease.json} naming its holder (a random id, host, process id and
 * process start time) and an expiry. The holder renews it from a background thread every third of its
 * time-to-live. A lease is free when it has expired, or when its holder ran on this host and that process is
 * gone (so a run restarted after a crash need not wait for the expiry). After writing, the taker reads the
 * lease back after a short pause and gives up if someone else's write won: object stores have no
 * create-if-absent, so this narrows (but cannot close) the window for two runs started in the same instant.
 * Before publishing a checkpoint the trainer calls {@link #verify()}: a holder that lost its lease (for
 * example after a long pause) stops instead of writing over the new holder.
 */
public final class RunLease implements AutoCloseable {
    /** The lease file's name under the run root. */
    public static final String FILE = "_lease.json";

    private static final Logger LOG = LoggerFactory.getLogger(RunLease.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SETTLE_MILLIS = 500;

    private final FileSystem fs;
    private final Path file;
    private final Duration ttl;
    private final String owner = UUID.randomUUID().toString();
    private final ScheduledExecutorService renewer;
    private volatile String lostReason;

    private RunLease(FileSystem fs, Path file, Duration ttl) {
        this.fs = fs;
        this.file = file;
        this.ttl = ttl;
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lease-renewer");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Takes the lease or fails.
     *
     * @param root the run root
     * @param conf Hadoop configuration
     * @param ttl how long the lease lives without renewal
     * @return the held lease; close it to release
     * @throws LeaseHeldException if another live run holds it
     * @throws IOException if the root cannot be read or written
     */
    public static RunLease acquire(URI root, Configuration conf, Duration ttl) throws IOException {
        Path rootPath = new Path(root);
        FileSystem fs = rootPath.getFileSystem(conf);
        RunLease lease = new RunLease(fs, new Path(fs.makeQualified(rootPath), FILE), ttl);
        lease.take();
        return lease;
    }

    private void take() throws IOException {
        Optional<JsonNode> current = read();
        if (current.isPresent() && isLive(current.get())) {
            throw held(current.get());
        }
        current.ifPresent(c -> LOG.warn("Taking over the lease on {} from a run that is gone (holder {} on {})",
                file.getParent(), c.path("pid").asLong(), c.path("host").asText()));
        write();
        sleep(SETTLE_MILLIS);
        JsonNode now = read().orElseThrow(() -> new IOException(file + " vanished right after it was written"));
        if (!owner.equals(now.path("owner").asText())) {
            throw held(now);
        }
        long period = Math.max(1, ttl.toMillis() / 3);
        renewer.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
    }

    private void renew() {
        try {
            Optional<JsonNode> current = read();
            if (current.isEmpty() || !owner.equals(current.get().path("owner").asText())) {
                lostReason = "the lease on " + file.getParent() + " was taken by another run"
                        + current.map(c -> " (pid " + c.path("pid").asLong() + " on " + c.path("host").asText() + ")")
                                .orElse("");
                renewer.shutdown();
                return;
            }
            write();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not renew the lease on {}: {}", file.getParent(), e.toString());
        }
    }

    /**
     * @throws LeaseHeldException if this run no longer holds the lease
     */
    public void verify() {
        if (lostReason != null) {
            throw new LeaseHeldException(lostReason);
        }
    }

    /** Stops renewing and deletes the lease if this run still holds it. */
    @Override
    public void close() {
        renewer.shutdownNow();
        try {
            Optional<JsonNode> current = read();
            if (current.isPresent() && owner.equals(current.get().path("owner").asText())) {
                fs.delete(file, false);
            }
        } catch (IOException e) {
            LOG.warn("Could not release the lease on {}: {}", file.getParent(), e.toString());
        }
    }

    private boolean isLive(JsonNode lease) {
        if (Instant.now().toEpochMilli() >= lease.path("expires_at_ms").asLong(0)) {
            return false;
        }
        if (!host().equals(lease.path("host").asText())) {
            return true;
        }
        long pid = lease.path("pid").asLong(-1);
        long started = lease.path("process_started_ms").asLong(-1);
        return ProcessHandle.of(pid)
                .flatMap(p -> p.info().startInstant())
                .map(i -> i.toEpochMilli() == started)
                .orElse(false);
    }

    private LeaseHeldException held(JsonNode lease) {
        long left = Math.max(0, lease.path("expires_at_ms").asLong(0) - Instant.now().toEpochMilli()) / 1000;
        return new LeaseHeldException("another run holds the lease on " + file.getParent() + " (pid "
                + lease.path("pid").asLong() + " on " + lease.path("host").asText() + ", since "
                + lease.path("acquired_at").asText() + "; it expires in " + left
                + " s unless renewed). Wait for it to finish, or use another --output.");
    }

    private void write() throws IOException {
        ObjectNode node = JSON.createObjectNode();
        ProcessHandle self = ProcessHandle.current();
        node.put("owner", owner);
        node.put("host", host());
        node.put("pid", self.pid());
        node.put("process_started_ms", self.info().startInstant().map(Instant::toEpochMilli).orElse(-1L));
        node.put("acquired_at", Instant.now().toString());
        node.put("expires_at_ms", Instant.now().plus(ttl).toEpochMilli());
        try (OutputStream out = fs.create(file, true)) {
            out.write(JSON.writeValueAsBytes(node));
        }
    }

    private Optional<JsonNode> read() throws IOException {
        try (InputStream in = fs.open(file)) {
            return Optional.of(JSON.readTree(in.readAllBytes()));
        } catch (FileNotFoundException e) {
            return Optional.empty();
        } catch (com.fasterxml.jackson.core.JsonProcessingException | ChecksumException e) {
            LOG.warn("Ignoring the unreadable (half-written) lease file {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
