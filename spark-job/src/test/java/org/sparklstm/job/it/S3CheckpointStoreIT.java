package org.sparklstm.job.it;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint contract on a real S3 server (s3proxy) on 127.0.0.1, through s3a. */
class S3CheckpointStoreIT extends CheckpointStoreContract {
    @TempDir
    static Path base;
    static S3ProxyServer server;

    @BeforeAll
    static void startS3() throws Exception {
        server = S3ProxyServer.start(Path.of(System.getProperty("s3proxy.jar")), base);
    }

    @AfterAll
    static void stopS3() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    URI newRoot() {
        return server.uri("run-" + UUID.randomUUID());
    }

    @Override
    Configuration conf() {
        return server.hadoopConf();
    }

    @Override
    List<String> cliArgs() {
        return server.confArgs();
    }
}
