package org.sparklstm.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparklstm.core.run.RunLayout;
import org.sparklstm.core.run.WriteGuard;
import org.sparklstm.core.storage.FaultyLocalFileSystem;

/**
 * The lease's guarantees under the faults that break naive leases: renewals failing (a partition, or a paused
 * process), clocks that disagree, holders on other machines.
 */
class RunLeaseTest {
    private static final Duration TTL = Duration.ofMillis(2000);

    @TempDir
    Path root;

    @Test
    void aHolderThatCannotRenewStopsWritingBeforeAnotherRunCanTakeOver() throws Exception {
        Configuration failing = FaultyLocalFileSystem.install(new Configuration());
        failing.set("faults.create.path", RunLayout.LEASE + "$");
        failing.setInt("faults.create.after", 1);
        try (RunLease holder = RunLease.acquire(root.toUri(), failing, TTL, Clock.systemUTC(), "holder|boot|ns")) {
            holder.verify();
            Thread watcher = new Thread(() -> {
                try (RunLease taker = RunLease.acquire(root.toUri(), new Configuration(), TTL, Clock.systemUTC(),
                        "taker|boot|ns")) {
                    taken[0] = System.nanoTime();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            watcher.start();
            long stopped = 0;
            long deadline = System.nanoTime() + 4 * TTL.toNanos();
            while (stopped == 0 && System.nanoTime() < deadline) {
                try {
                    holder.verify();
                    Thread.sleep(20);
                } catch (LeaseHeldException e) {
                    stopped = System.nanoTime();
                    assertTrue(e.getMessage().contains("could not renew"), e.getMessage());
                }
            }
            watcher.join(10_000);
            assertTrue(stopped > 0, "the holder stopped");
            assertTrue(taken[0] > 0, "the other run took the lease once it was not renewed");
            assertTrue(stopped < taken[0], "the holder stopped before the taker held the lease");
            WriteGuard guard = holder;
            assertThrows(LeaseHeldException.class, guard::check, "and it stays stopped");
        }
    }

    private final long[] taken = new long[1];

    @Test
    void aLiveHolderWhoseClockIsAnHourBehindKeepsItsLease() throws IOException {
        Clock behind = Clock.offset(Clock.systemUTC(), Duration.ofHours(-1));
        try (RunLease holder = RunLease.acquire(root.toUri(), new Configuration(), TTL, behind, "a|boot|ns")) {
            LeaseHeldException e = assertThrows(LeaseHeldException.class, () -> RunLease.acquire(root.toUri(),
                    new Configuration(), TTL, Clock.systemUTC(), "b|boot|ns"));
            assertTrue(e.getMessage().contains("another run holds the lease"), e.getMessage());
            holder.verify();
        }
    }

    @Test
    void aDeadHoldersLeaseWithAFarFutureExpiryIsTakenAfterOneTimeToLive() throws IOException {
        String stale = "{\"owner\":\"x\",\"host\":\"elsewhere\",\"machine\":\"elsewhere|boot|ns\",\"pid\":1,"
                + "\"ttl_ms\":2000,\"expires_at_ms\":" + Instant.now().plus(Duration.ofDays(1)).toEpochMilli() + "}";
        Files.write(root.resolve(RunLayout.LEASE), stale.getBytes(StandardCharsets.UTF_8));
        long t0 = System.nanoTime();
        try (RunLease taker = RunLease.acquire(root.toUri(), new Configuration(), TTL)) {
            assertNotNull(taker);
            taker.verify();
            assertTrue(System.nanoTime() - t0 >= TTL.toNanos(), "it watched the lease for its time-to-live");
        }
    }

    @Test
    void aHolderOnThisMachineWhoseProcessIsGoneIsTakenAtOnce() throws IOException {
        try (RunLease first = RunLease.acquire(root.toUri(), new Configuration(), Duration.ofMinutes(5))) {
            first.verify();
        }
        String dead = Files.exists(root.resolve(RunLayout.LEASE)) ? "" : "released";
        assertTrue(dead.equals("released"), "closing releases the lease");
        long t0 = System.nanoTime();
        try (RunLease again = RunLease.acquire(root.toUri(), new Configuration(), Duration.ofMinutes(5))) {
            again.verify();
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(30).toNanos());
        }
    }
}
