package org.sparklstm.job.it;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint contract on a real HDFS (one NameNode, one DataNode) on 127.0.0.1. */
class HdfsCheckpointStoreIT extends CheckpointStoreContract {
    @TempDir
    static Path base;
    static MiniDFSCluster cluster;

    @BeforeAll
    static void startHdfs() throws IOException {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
        conf.set("dfs.namenode.rpc-address", "127.0.0.1:0");
        cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        cluster.waitActive();
    }

    @AfterAll
    static void stopHdfs() {
        if (cluster != null) {
            cluster.shutdown();
        }
    }

    @Override
    URI newRoot() {
        return URI.create(cluster.getURI() + "/runs/" + UUID.randomUUID());
    }

    @Override
    Configuration conf() {
        return new Configuration();
    }

    @Override
    List<String> cliArgs() {
        return List.of();
    }
}
