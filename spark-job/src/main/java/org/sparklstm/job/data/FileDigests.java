package org.sparklstm.job.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.SerializableConfiguration;
import org.sparklstm.core.run.Sha256;

/**
 * SHA-256 digests of corpus files and of their prefixes, computed on the executors, one task per file and one
 * pass over each file: what retraining compares to tell an unchanged file from an appended or replaced one
 * (whatever its size and modification time say).
 */
public final class FileDigests {
    private static final int BUFFER = 1 << 16;

    private FileDigests() {
    }

    /** One file and the offsets at which its prefix digests are wanted. (A class: Kryo cannot build records.) */
    public static final class Request implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String path;
        private final long[] cuts;

        /**
         * @param path the file
         * @param cuts offsets at which to take the digest of bytes {@code [0, cut)}
         */
        public Request(String path, long... cuts) {
            this.path = path;
            this.cuts = cuts.clone();
            Arrays.sort(this.cuts);
        }
    }

    /** What one file gave. (A class: Kryo cannot build records.) */
    public static final class Result implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String path;
        private final long size;
        private final long[] cuts;
        private final String[] prefixes;
        private final String whole;
        private final String problem;

        private Result(String path, long size, long[] cuts, String[] prefixes, String whole, String problem) {
            this.path = path;
            this.size = size;
            this.cuts = cuts;
            this.prefixes = prefixes;
            this.whole = whole;
            this.problem = problem;
        }

        /** @return the file */
        public String path() {
            return path;
        }

        /** @return its size now */
        public long size() {
            return size;
        }

        /** @return SHA-256 of the whole file now */
        public String whole() {
            return whole;
        }

        /** @return why it could not be read (gone, unreadable), or null */
        public String problem() {
            return problem;
        }

        /**
         * @param cut one of the requested offsets
         * @return SHA-256 of bytes {@code [0, cut)}, or null if the file is shorter than that now
         */
        public String prefix(long cut) {
            int i = Arrays.binarySearch(cuts, cut);
            return i < 0 ? null : prefixes[i];
        }
    }

    /**
     * @param sc the Spark context
     * @param requests the files and their cuts
     * @return one result per request, in order
     */
    public static List<Result> compute(JavaSparkContext sc, List<Request> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        SerializableConfiguration conf = new SerializableConfiguration(sc.hadoopConfiguration());
        return new ArrayList<>(sc.parallelize(requests, requests.size()).map(r -> of(r, conf.value())).collect());
    }

    static Result of(Request request, Configuration conf) {
        Path path = new Path(request.path);
        String[] prefixes = new String[request.cuts.length];
        try {
            FileSystem fs = path.getFileSystem(conf);
            MessageDigest sha = Sha256.newDigest();
            long read = 0;
            int next = 0;
            byte[] buffer = new byte[BUFFER];
            try (InputStream in = fs.open(path)) {
                while (true) {
                    while (next < request.cuts.length && request.cuts[next] == read) {
                        prefixes[next++] = Sha256.hex((MessageDigest) sha.clone());
                    }
                    long room = next < request.cuts.length ? request.cuts[next] - read : buffer.length;
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, room));
                    if (n < 0) {
                        break;
                    }
                    sha.update(buffer, 0, n);
                    read += n;
                }
            }
            return new Result(request.path, read, request.cuts, prefixes, Sha256.hex(sha), null);
        } catch (IOException | CloneNotSupportedException | RuntimeException e) {
            return new Result(request.path, -1, request.cuts, prefixes, null, e.toString());
        }
    }


}
