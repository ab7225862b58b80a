package org.sparklstm.job.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sparklstm.core.checkpoint.CheckpointStore;
import org.sparklstm.core.checkpoint.LeaseHeldException;
import org.sparklstm.core.checkpoint.RunLease;
import org.sparklstm.job.SparkLstm;

/**
 * The run lease on S3 stores without conditional writes (one that answers them 501, one that ignores them), in
 * front of a real s3proxy: the lease notices before it is touched, falls back to writing and reading back, and
 * still keeps a second run out; a training run works through such a store.
 */
class S3LeaseFallbackIT {
    private static final String CONDITIONAL = "S3 conditional writes (If-None-Match, If-Match)";

    @TempDir
    static Path base;
    static S3ProxyServer server;

    @BeforeAll
    static void startS3() throws Exception {
        server = S3ProxyServer.start(Path.of(System.getProperty("s3proxy.jar")), base, false);
    }

    @AfterAll
    static void stopS3() {
        if (server != null) {
            server.close();
        }
    }

    private static URI newRoot(Configuration conf) throws IOException {
        URI root = server.uri("run-" + UUID.randomUUID());
        FileSystem.get(root, conf).mkdirs(new org.apache.hadoop.fs.Path(root));
        return root;
    }

    @Test
    void aStoreWithConditionalWritesGetsThem() throws IOException {
        Configuration conf = server.hadoopConf();
        try (RunLease lease = RunLease.acquire(newRoot(conf), conf, Duration.ofSeconds(30))) {
            assertEquals(CONDITIONAL, lease.method());
        }
    }

    @ParameterizedTest
    @EnumSource(ConditionlessS3.Behaviour.class)
    void withoutConditionalWritesTheLeaseFallsBackAndStillKeepsASecondRunOut(ConditionlessS3.Behaviour behaviour)
            throws IOException {
        try (ConditionlessS3 store = ConditionlessS3.start(server, behaviour)) {
            Configuration conf = store.hadoopConf();
            URI root = newRoot(conf);
            try (RunLease first = RunLease.acquire(root, conf, Duration.ofSeconds(30))) {
                assertTrue(store.conditionalPuts() > 0, "the lease tried a conditional write first");
                assertTrue(!first.method().equals(CONDITIONAL), first.method());
                LeaseHeldException e = assertThrows(LeaseHeldException.class,
                        () -> RunLease.acquire(root, conf, Duration.ofSeconds(30)));
                assertTrue(e.getMessage().contains("another run holds the lease"), e.getMessage());
                first.verify();
            }
            try (RunLease again = RunLease.acquire(root, conf, Duration.ofSeconds(30))) {
                again.verify();
            }
        }
    }

    @Test
    void aTrainingRunWorksThroughAStoreThatRefusesConditionalWrites() throws IOException {
        try (ConditionlessS3 store = ConditionlessS3.start(server, ConditionlessS3.Behaviour.REFUSE)) {
            Configuration conf = store.hadoopConf();
            URI root = newRoot(conf);
            List<String> args = new ArrayList<>(List.of("train", "--corpus", CheckpointStoreContract.CORPUS,
                    "--master", "local[2]", "--output", root.toString(), "--hidden-size", "8", "--layers", "1",
                    "--sequence-length", "50", "--batch-size", "8", "--max-iterations", "2", "--sample-length", "0"));
            conf.forEach(e -> {
                if (server.s3aSettings().containsKey(e.getKey())) {
                    args.add("--conf");
                    args.add("spark.hadoop." + e.getKey() + "=" + e.getValue());
                }
            });
            assertEquals(0, SparkLstm.run(args.toArray(String[]::new)));
            assertEquals(2, CheckpointStore.at(root, conf).loadLatest().state().iteration());
            assertTrue(store.conditionalPuts() > 0);
        }
    }
}
