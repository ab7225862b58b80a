package org.sparklstm.job.it;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * A real S3-compatible server (s3proxy, filesystem backend) in its own process on 127.0.0.1, with one bucket.
 */
public final class S3ProxyServer implements AutoCloseable {
    /** The bucket created at start. */
    public static final String BUCKET = "runs";
    private static final String IDENTITY = "test-access-key";
    private static final String CREDENTIAL = "test-secret-key";

    private final Process process;
    private final int port;

    private S3ProxyServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * @param jar the s3proxy jar-with-dependencies
     * @param dir a folder for the backend's data and the server's log
     * @return the running server
     * @throws IOException if it does not start within 60 s
     */
    public static S3ProxyServer start(Path jar, Path dir) throws IOException, InterruptedException {
        return start(jar, dir, true);
    }

    /**
     * @param jar the s3proxy jar-with-dependencies
     * @param dir a folder for the backend's data and the server's log
     * @param signed whether requests must be signed (false: any request is accepted, for a relay that alters them)
     * @return the running server
     * @throws IOException if it does not start within 60 s
     */
    public static S3ProxyServer start(Path jar, Path dir, boolean signed) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(data.resolve(BUCKET));
        Path props = dir.resolve("s3proxy.properties");
        Files.writeString(props, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=" + (signed ? "aws-v2-or-v4" : "none"),
                "s3proxy.identity=" + IDENTITY,
                "s3proxy.credential=" + CREDENTIAL,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + data) + "\n");
        Process p = new ProcessBuilder(javaBin(), "-jar", jar.toString(), "--properties", props.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
        S3ProxyServer server = new S3ProxyServer(p, port);
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("s3proxy exited: " + Files.readString(dir.resolve("s3proxy.log")));
            }
            try {
                HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/").openConnection();
                c.setConnectTimeout(500);
                c.getResponseCode();
                return server;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        server.close();
        throw new IOException("s3proxy did not start within 60 s");
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** @return the port it listens on, on 127.0.0.1 */
    public int port() {
        return port;
    }

    /** @return the s3a settings for this server, keys without the {@code spark.hadoop.} prefix */
    public Map<String, String> s3aSettings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("fs.s3a.endpoint", "http://127.0.0.1:" + port);
        s.put("fs.s3a.path.style.access", "true");
        s.put("fs.s3a.connection.ssl.enabled", "false");
        s.put("fs.s3a.access.key", IDENTITY);
        s.put("fs.s3a.secret.key", CREDENTIAL);
        s.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        s.put("fs.s3a.change.detection.mode", "none");
        // each server its own file systems: Hadoop caches them by bucket, and every test server's bucket is "runs"
        s.put("fs.s3a.impl.disable.cache", "true");
        return s;
    }

    /** @return a Hadoop configuration that reaches this server */
    public Configuration hadoopConf() {
        Configuration conf = new Configuration();
        s3aSettings().forEach(conf::set);
        return conf;
    }

    /** @return {@code --conf spark.hadoop.KEY=VALUE} arguments that reach this server */
    public List<String> confArgs() {
        List<String> args = new ArrayList<>();
        s3aSettings().forEach((k, v) -> {
            args.add("--conf");
            args.add("spark.hadoop." + k + "=" + v);
        });
        return args;
    }

    /**
     * @param path a path inside the bucket
     * @return its s3a URI
     */
    public URI uri(String path) {
        return URI.create("s3a://" + BUCKET + "/" + path);
    }

    @Override
    public void close() {
        process.destroy();
    }
}
