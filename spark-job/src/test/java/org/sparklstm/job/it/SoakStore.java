package org.sparklstm.job.it;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * The real store a soak runs against, on 127.0.0.1: local files, a MiniDFSCluster or s3proxy. The runs reach it
 * through {@code faulty:///}, which wraps {@link #target()}; the soak inspects it directly, without faults.
 */
final class SoakStore implements AutoCloseable {
    private final String name;
    private final URI target;
    private final Configuration conf;
    private final List<String> confArgs;
    private final AutoCloseable server;
    private FileSystem fs;

    private SoakStore(String name, URI target, Configuration conf, List<String> confArgs, AutoCloseable server) {
        this.name = name;
        this.target = target;
        this.conf = conf;
        this.confArgs = confArgs;
        this.server = server;
    }

    /**
     * @param name file, hdfs or s3
     * @param dir a local folder for the store's data
     * @return the started store
     */
    static SoakStore start(String name, Path dir) throws Exception {
        switch (name) {
            case "file":
                return new SoakStore(name, dir.resolve("store").toUri(), new Configuration(), List.of(), null);
            case "hdfs": {
                Configuration conf = new Configuration();
                conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
                conf.set("dfs.namenode.rpc-address", "127.0.0.1:0");
                MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
                cluster.waitActive();
                return new SoakStore(name, URI.create(cluster.getURI() + "/soak"), new Configuration(), List.of(),
                        cluster::shutdown);
            }
            case "s3": {
                S3ProxyServer s3 = S3ProxyServer.start(Path.of(System.getProperty("s3proxy.jar")), dir);
                return new SoakStore(name, s3.uri("soak"), s3.hadoopConf(), s3.confArgs(), s3);
            }
            default:
                throw new IllegalArgumentException("soak.store is file, hdfs or s3, not " + name);
        }
    }

    /**
     * @return the fault kinds this store's runs never make the call for: on S3 a run writes each file whole with
     *         one PUT, so it renames nothing (only {@code train --restart} does, which the soak does not call)
     */
    java.util.Set<String> callsNeverMade() {
        return name.equals("s3") ? java.util.Set.of("rename") : java.util.Set.of();
    }

    /** @return file, hdfs or s3 */
    String name() {
        return name;
    }

    /** @return what {@code faulty:///} stands for */
    URI target() {
        return target;
    }

    /**
     * @param path a path under the target, such as {@code /root/gen-00001}
     * @return the same on the real store
     */
    org.apache.hadoop.fs.Path real(String path) {
        return new org.apache.hadoop.fs.Path(target.toString().replaceAll("/+$", "") + path);
    }

    /**
     * @return the real store, without faults: an instance of its own, closed with the store, so that Hadoop's
     *         cache never hands it (and a server this soak stopped) to a later test of the same bucket
     */
    FileSystem fs() throws IOException {
        if (fs == null) {
            fs = FileSystem.newInstance(target, conf);
        }
        return fs;
    }

    /** @return the {@code --conf} arguments a run needs to reach the store */
    List<String> confArgs() {
        return confArgs;
    }

    @Override
    public void close() throws Exception {
        if (fs != null) {
            fs.close();
        }
        if (server != null) {
            server.close();
        }
    }
}
