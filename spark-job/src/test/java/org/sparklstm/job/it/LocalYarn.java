package org.sparklstm.job.it;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * A single-machine YARN with HDFS on 127.0.0.1, started by {@code scripts/local-yarn.sh}: a NameNode and a DataNode,
 * a ResourceManager and several NodeManagers, each NodeManager launching containers as separate processes with the
 * physical-memory check on, so a container over its limit is killed as a production cluster kills it. Arguments: the
 * state folder, the number of NodeManagers, each one's memory in MB. Writes {@code core-site.xml} and
 * {@code yarn-site.xml} for clients into {@code STATE/conf} (the folder to give as {@code HADOOP_CONF_DIR}), prints
 * {@code READY hdfs://127.0.0.1:PORT} and serves until killed.
 */
public final class LocalYarn {
    /** The smallest container YARN grants, in MB: small, so a container's limit is what Spark asked for. */
    private static final int MIN_ALLOCATION_MB = 128;

    private LocalYarn() {
    }

    /**
     * @param args state folder, NodeManagers, memory per NodeManager in MB
     * @throws Exception when stopped
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: LocalYarn STATE_DIR NODE_MANAGERS MEMORY_MB");
            System.exit(2);
        }
        try {
            serve(args);
        } catch (Exception | Error e) {
            // The services' threads would keep a half-started cluster alive: the script must see it end.
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void serve(String[] args) throws Exception {
        Path state = Path.of(args[0]).toAbsolutePath();
        int nodeManagers = Integer.parseInt(args[1]);
        int memoryMb = Integer.parseInt(args[2]);

        Configuration conf = new YarnConfiguration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, state.resolve("hdfs").toString());
        conf.set("dfs.datanode.address", "127.0.0.1:0");
        conf.set("dfs.datanode.http.address", "127.0.0.1:0");
        conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
        conf.set("dfs.namenode.http-address", "127.0.0.1:0");
        MiniDFSCluster hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).format(true).build();
        hdfs.waitActive();
        String defaultFs = "hdfs://127.0.0.1:" + hdfs.getNameNodePort();
        conf.set("fs.defaultFS", defaultFs);

        // As a production NodeManager: containers are watched and one over its physical memory is killed (virtual
        // memory is not checked: a JVM reserves far more than it uses, and production clusters turn that check off).
        conf.setBoolean(YarnConfiguration.YARN_MINICLUSTER_CONTROL_RESOURCE_MONITORING, true);
        conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, true);
        conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        // Hadoop 3.3 skips the polling check when memory is "enforced", which its default assumes cgroups do.
        conf.setBoolean(YarnConfiguration.NM_MEMORY_RESOURCE_ENFORCED, false);
        conf.setInt(YarnConfiguration.YARN_MINICLUSTER_NM_PMEM_MB, memoryMb);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, MIN_ALLOCATION_MB);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, memoryMb);
        // A shared machine's disk may be fuller than YARN's default 90% without being unusable.
        conf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 99.5f);
        // The capacity scheduler's one queue (the minicluster ships no capacity-scheduler.xml), with room for a
        // cluster-mode driver's application master beside the executors.
        conf.set("yarn.scheduler.capacity.root.queues", "default");
        conf.setFloat("yarn.scheduler.capacity.root.default.capacity", 100f);
        conf.setFloat("yarn.scheduler.capacity.maximum-am-resource-percent", 0.5f);
        // Keep a finished container's logs and working folder for a minute, for reading after a failure.
        conf.setInt(YarnConfiguration.DEBUG_NM_DELETE_DELAY_SEC, 60);

        MiniYARNCluster yarn = new MiniYARNCluster("local-yarn", nodeManagers, 1, 1);
        yarn.init(conf);
        yarn.start();
        if (!yarn.waitForNodeManagersToConnect(60_000)) {
            throw new IllegalStateException("the NodeManagers did not connect to the ResourceManager in 60 s");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            yarn.stop();
            hdfs.shutdown();
        }));

        Path confDir = Files.createDirectories(state.resolve("conf"));
        Configuration core = new Configuration(false);
        core.set("fs.defaultFS", defaultFs);
        write(core, confDir.resolve("core-site.xml"));
        Configuration site = new Configuration(false);
        for (Map.Entry<String, String> e : yarn.getConfig()) {
            if (e.getKey().startsWith("yarn.resourcemanager.") && e.getKey().endsWith("address")) {
                site.set(e.getKey(), e.getValue());
            }
        }
        write(site, confDir.resolve("yarn-site.xml"));

        System.out.println("READY " + defaultFs + " " + confDir);
        System.out.flush();
        Thread.currentThread().join();
    }

    private static void write(Configuration conf, Path file) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (OutputStream out = Files.newOutputStream(partial)) {
            conf.writeXml(out);
        }
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
