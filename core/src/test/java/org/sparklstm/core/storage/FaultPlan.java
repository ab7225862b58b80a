package org.sparklstm.core.storage;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Which storage calls fail, read from a Hadoop configuration, for the fault-injecting file systems of the tests.
 *
 * <ul>
 *   <li>{@code faults.<op>.path}: a regular expression; only calls on matching paths fail (default: all)</li>
 *   <li>{@code faults.<op>.after}: how many matching calls succeed first (default 0)</li>
 *   <li>{@code faults.<op>.rate}: the share of the later matching calls that fail (default 1 when a path is
 *       given, else 0)</li>
 *   <li>{@code faults.latency.ms}: each call first waits a random time up to this (default 0)</li>
 *   <li>{@code faults.seed}, and {@code faults.log}: a local file to which each injected fault appends a line
 *       {@code <op> <path>}, so that a test counts them even in processes it killed</li>
 * </ul>
 * Ops: {@code open create read write close list status delete rename mkdirs}; {@code cut} cuts a write short
 * (the stream keeps only the first half of what it was given, then fails on close).
 */
final class FaultPlan {
    private final Configuration conf;
    private final Random random;
    private final Map<String, Integer> matched = new HashMap<>();
    private final Map<String, Pattern> patterns = new HashMap<>();

    FaultPlan(Configuration conf) {
        this.conf = conf;
        this.random = new Random(conf.getLong("faults.seed", 1) ^ ProcessHandle.current().pid());
    }

    /** Waits the latency, then throws if this call is to fail. */
    void before(String op, Path path) throws IOException {
        long latency = conf.getLong("faults.latency.ms", 0);
        if (latency > 0) {
            try {
                Thread.sleep(randomBelow(latency + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (fails(op, path)) {
            throw new IOException("injected fault: " + op + " " + path);
        }
    }

    synchronized boolean fails(String op, Path path) {
        String regex = conf.get("faults." + op + ".path");
        double rate = conf.getDouble("faults." + op + ".rate", regex == null ? 0 : 1);
        if (rate <= 0) {
            return false;
        }
        if (regex != null && !patterns.computeIfAbsent(regex, Pattern::compile).matcher(path.toString()).find()) {
            return false;
        }
        if (matched.merge(op, 1, Integer::sum) <= conf.getInt("faults." + op + ".after", 0)
                || random.nextDouble() >= rate) {
            return false;
        }
        record(op, path);
        return true;
    }

    private synchronized long randomBelow(long bound) {
        return (long) (random.nextDouble() * bound);
    }

    private void record(String op, Path path) {
        String log = conf.get("faults.log");
        if (log == null) {
            return;
        }
        try {
            Files.writeString(java.nio.file.Path.of(log), op + " " + path + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // counting is best effort; the fault itself still happens
        }
    }

    InputStream reading(InputStream in, Path path) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                check();
                return super.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                check();
                return super.read(b, off, len);
            }

            private void check() throws IOException {
                if (fails("read", path)) {
                    throw new IOException("injected fault: read " + path);
                }
            }
        };
    }

    OutputStream writing(OutputStream out, Path path) {
        boolean cut = fails("cut", path);
        return new FilterOutputStream(out) {
            private boolean cutShort;

            @Override
            public void write(int b) throws IOException {
                check();
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                check();
                if (cut && len > 1) {
                    out.write(b, off, len / 2);
                    cutShort = true;
                    return;
                }
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                super.close();
                if (cutShort) {
                    throw new IOException("injected fault: write cut short " + path);
                }
                if (fails("close", path)) {
                    throw new IOException("injected fault: close " + path);
                }
            }

            private void check() throws IOException {
                if (fails("write", path)) {
                    throw new IOException("injected fault: write " + path);
                }
            }
        };
    }
}
