package org.sparklstm.core.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparklstm.core.io.HadoopFileIO;
import org.sparklstm.core.run.WriteGuard;

/**
 * An exclusive, expiring lease on a run's output root, so that two runs never write over each other.
 *
 * <p>The lease is the file {@code <root>/_lease.json} naming its holder (a random id, the machine, process id
 * and start time), its time-to-live and a renewal counter. The holder rewrites it every third of the
 * time-to-live, each write conditional on the file being as it last wrote it.
 *
 * <p><b>Taking it</b> never compares clocks across machines. A missing lease is created only if still absent. A
 * lease whose holder ran on this machine (same host name, boot and process namespace) and whose process is gone
 * is taken at once. Any other lease is watched on this process's monotonic clock: if its content changes it is
 * alive and the taker gives up; if it stays unchanged for its whole time-to-live it has expired and is replaced,
 * conditionally on still being that content. (A holder alive on this machine is known to hold it at once.) On S3
 * the conditions are HTTP preconditions and exact ({@link S3ConditionalLeaseFile}); where a store refuses or ignores
 * them (probed before the lease is touched), or on other file systems, the taker reads its write back after a
 * pause, which narrows the remaining window (said in the log).
 *
 * <p><b>Holding it</b>: {@link #check()} (called before every write under the root) fails once the last
 * successful renewal is older than three quarters of the time-to-live by the monotonic clock, or a renewal found
 * the lease taken: a paused or partitioned run then writes nothing more and stops with the lease exit code.
 */
public final class RunLease implements AutoCloseable, WriteGuard {

    private static final Logger LOG = LoggerFactory.getLogger(RunLease.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SETTLE_MILLIS = 500;
    private static final String MACHINE = LeaseMachine.current();

    private final LeaseFile file;
    private final Path root;
    private final Duration ttl;
    private final Clock wall;
    private final String machine;
    private final String owner = UUID.randomUUID().toString();
    private final ScheduledExecutorService renewer;
    private String acquiredAt;
    private long renewals;
    private String version;
    private volatile long renewedAtNanos;
    private volatile String lostReason;

    private RunLease(LeaseFile file, Path root, Duration ttl, Clock wall, String machine) {
        this.file = file;
        this.root = root;
        this.ttl = ttl;
        this.wall = wall;
        this.machine = machine;
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lease-renewer");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Takes the lease or fails. Blocks up to the current holder's time-to-live while it watches a lease it cannot
     * judge at once (see the class comment).
     *
     * @param root the run root
     * @param conf Hadoop configuration
     * @param ttl how long the lease lives without renewal
     * @return the held lease; close it to release
     * @throws LeaseHeldException if another live run holds it
     * @throws IOException if the root cannot be read or written
     */
    public static RunLease acquire(URI root, Configuration conf, Duration ttl) throws IOException {
        return acquire(root, conf, ttl, Clock.systemUTC(), MACHINE);
    }

    /**
     * As {@link #acquire(URI, Configuration, Duration)}, as a participant with its own wall clock and machine
     * identity (for tests of clock offsets and of runs on other machines).
     */
    static RunLease acquire(URI root, Configuration conf, Duration ttl, Clock wall, String machine)
            throws IOException {
        // local files without Hadoop's .crc side file, which a reader racing a renewal would find stale
        HadoopFileIO io = HadoopFileIO.of(root, conf);
        RunLease lease = new RunLease(LeaseFiles.of(io, root), io.path(""), ttl, wall, machine);
        lease.take();
        return lease;
    }

    private void take() throws IOException {
        Optional<LeaseFile.Content> seen = file.read();
        long started = System.nanoTime();
        Optional<String> written;
        if (seen.isEmpty()) {
            written = file.createIfAbsent(content());
        } else {
            JsonNode holder = parse(seen.get());
            Optional<Boolean> alive = LeaseMachine.alive(machine, holder.path("machine").asText(),
                    holder.path("pid").asLong(-1), holder.path("process_started_ms").asLong(-1));
            if (alive.orElse(false)) {
                throw held(holder);
            }
            boolean gone = alive.isPresent();
            if (!gone) {
                seen = watch(seen.get(), holder);
            }
            LOG.warn("Taking over the lease on {} from a run that is gone (holder pid {} on {}: {})", root,
                    holder.path("pid").asLong(), holder.path("host").asText("?"), gone
                            ? "its process has ended" : "not renewed while watched for its time-to-live");
            started = System.nanoTime();
            written = seen.isEmpty() ? file.createIfAbsent(content()) : file.replaceIf(content(), seen.get().version());
        }
        if (written.isEmpty()) {
            throw held(file.read().map(RunLease::parse).orElse(JSON.createObjectNode()));
        }
        version = written.get();
        if (file instanceof ExclusiveCreateLeaseFile) {
            sleep(SETTLE_MILLIS);
            Optional<LeaseFile.Content> now = file.read();
            if (now.isEmpty() || !owner.equals(parse(now.get()).path("owner").asText())) {
                throw held(now.map(RunLease::parse).orElse(JSON.createObjectNode()));
            }
        }
        renewedAtNanos = started;
        LOG.debug("lease taken on {} at monotonic {} ms", root, started / 1_000_000);
        long period = Math.max(1, ttl.toMillis() / 3);
        renewer.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
        LOG.debug("Lease on {} held with {}", root, file.describe());
    }

    /** @return how this lease's writes are made exclusive, as the log says it */
    public String method() {
        return file.describe();
    }

    /**
     * Watches a lease on the monotonic clock until it changes (alive: throws) or stays the same for its holder's
     * whole time-to-live (expired).
     *
     * @return the content seen last (empty if the file vanished meanwhile)
     */
    private Optional<LeaseFile.Content> watch(LeaseFile.Content first, JsonNode holder) throws IOException {
        long holderTtl = Math.max(ttl.toMillis(), holder.path("ttl_ms").asLong(0));
        long deadline = System.nanoTime() + holderTtl * 1_000_000L;
        long poll = Math.max(50, Math.min(1000, holderTtl / 20));
        LOG.info("Another run's lease is on {} (pid {} on {}); watching it for up to {} s to tell whether it is "
                + "renewed", root, holder.path("pid").asLong(), holder.path("host").asText("?"), holderTtl / 1000);
        while (System.nanoTime() < deadline) {
            sleep(poll);
            Optional<LeaseFile.Content> now = file.read();
            if (now.isEmpty()) {
                return now;
            }
            if (!now.get().version().equals(first.version())) {
                JsonNode renewed = parse(now.get());
                if (renewed.isEmpty()) { // read while being rewritten: the holder is alive; read it whole for the message
                    sleep(poll);
                    renewed = file.read().map(RunLease::parse).orElse(renewed);
                }
                throw held(renewed);
            }
        }
        return Optional.of(first);
    }

    private void renew() {
        long started = System.nanoTime();
        try {
            Optional<LeaseFile.Content> current = file.read();
            if (current.isEmpty() || !owner.equals(parse(current.get()).path("owner").asText())) {
                lose("the lease on " + root + " was taken by another run" + current.map(c -> " (pid "
                        + parse(c).path("pid").asLong() + " on " + parse(c).path("host").asText() + ")").orElse(""));
                return;
            }
            renewals++;
            Optional<String> written = file.replaceIf(content(), current.get().version());
            if (written.isEmpty()) {
                lose("the lease on " + root + " changed while this run renewed it");
                return;
            }
            version = written.get();
            renewedAtNanos = started;
            LOG.debug("lease renewed on {} at monotonic {} ms", root, started / 1_000_000);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not renew the lease on {}: {}", root, e.toString());
        }
    }

    private void lose(String reason) {
        LOG.debug("lease lost on {} at monotonic {} ms", root, System.nanoTime() / 1_000_000);
        lostReason = reason;
        renewer.shutdown();
    }

    /**
     * @throws LeaseHeldException if this run no longer holds the lease, or cannot prove it does: its last
     *         successful renewal is older than three quarters of the time-to-live (storage failing, or this
     *         process paused)
     */
    public void verify() {
        if (lostReason != null) {
            throw new LeaseHeldException(lostReason + "; this run stops without writing anything more");
        }
        long age = System.nanoTime() - renewedAtNanos;
        if (age > ttl.toNanos() - ttl.toNanos() / 4) {
            throw new LeaseHeldException("this run could not renew its lease on " + root + " for " + age / 1_000_000_000L
                    + " s (lease-seconds " + ttl.toSeconds() + "; storage failing, or the process paused), so another "
                    + "run may hold it now; it stops without writing anything more");
        }
    }

    /** {@inheritDoc} Same as {@link #verify()}. */
    @Override
    public void check() {
        verify();
    }

    /** Stops renewing (after a renewal in flight has finished) and deletes the lease if this run still holds it. */
    @Override
    public void close() {
        renewer.shutdown();
        try {
            if (!renewer.awaitTermination(ttl.toMillis(), TimeUnit.MILLISECONDS)) {
                renewer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (lostReason != null || version == null) {
            return;
        }
        try {
            LOG.debug("lease released on {} at monotonic {} ms", root, System.nanoTime() / 1_000_000);
            file.deleteIf(version);
        } catch (IOException e) {
            LOG.warn("Could not release the lease on {}: {}", root, e.toString());
        }
    }

    private LeaseHeldException held(JsonNode lease) {
        return new LeaseHeldException("another run holds the lease on " + root + " (pid "
                + lease.path("pid").asLong() + " on " + lease.path("host").asText("?") + ", since "
                + lease.path("acquired_at").asText("?") + "; renewed every " + lease.path("ttl_ms").asLong() / 3000
                + " s). Wait for it to finish, or use another --output.");
    }

    private byte[] content() throws IOException {
        ObjectNode node = JSON.createObjectNode();
        ProcessHandle self = ProcessHandle.current();
        if (acquiredAt == null) {
            acquiredAt = wall.instant().toString();
        }
        node.put("owner", owner);
        node.put("host", LeaseMachine.hostName());
        node.put("machine", machine);
        node.put("pid", self.pid());
        node.put("process_started_ms", self.info().startInstant().map(i -> i.toEpochMilli()).orElse(-1L));
        node.put("acquired_at", acquiredAt);
        node.put("ttl_ms", ttl.toMillis());
        node.put("renewals", renewals);
        node.put("written_at", wall.instant().toString());
        return JSON.writeValueAsBytes(node);
    }

    private static JsonNode parse(LeaseFile.Content content) {
        try {
            JsonNode node = JSON.readTree(content.bytes());
            return node != null && node.isObject() ? node : JSON.createObjectNode();
        } catch (IOException e) {
            return JSON.createObjectNode();
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
