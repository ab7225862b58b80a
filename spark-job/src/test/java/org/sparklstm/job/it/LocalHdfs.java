package org.sparklstm.job.it;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * A single-node HDFS on 127.0.0.1 for users without a cluster, started by {@code scripts/local-hdfs.sh}.
 * Arguments: the data folder and the NameNode port. Prints {@code READY hdfs://127.0.0.1:PORT} and serves until
 * killed.
 */
public final class LocalHdfs {
    private LocalHdfs() {
    }

    /**
     * @param args data folder, NameNode port
     * @throws IOException if the cluster cannot start
     * @throws InterruptedException when stopped
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: LocalHdfs DATA_DIR PORT");
            System.exit(2);
        }
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, args[0]);
        conf.set("dfs.namenode.rpc-address", "127.0.0.1:" + args[1]);
        conf.set("dfs.datanode.address", "127.0.0.1:0");
        conf.set("dfs.datanode.http.address", "127.0.0.1:0");
        conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
        conf.set("dfs.namenode.http-address", "127.0.0.1:0");
        MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).nameNodePort(Integer.parseInt(args[1]))
                .numDataNodes(1).format(true).build();
        cluster.waitActive();
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::shutdown));
        System.out.println("READY hdfs://127.0.0.1:" + cluster.getNameNodePort());
        System.out.flush();
        Thread.currentThread().join();
    }
}
