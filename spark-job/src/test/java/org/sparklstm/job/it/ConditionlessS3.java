package org.sparklstm.job.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;

/**
 * An S3 endpoint on 127.0.0.1 without conditional writes, as older or partial S3 implementations are: an HTTP relay
 * in front of a real s3proxy (started without request signing, since the relay changes requests) that either
 * answers every PUT carrying {@code If-None-Match} or {@code If-Match} with 501 NotImplemented, or drops those
 * headers so the PUT always succeeds. Each connection carries one request.
 */
final class ConditionlessS3 implements AutoCloseable {
    /** What the endpoint does with a conditional PUT. */
    enum Behaviour {
        /** Answers 501 NotImplemented. */
        REFUSE,
        /** Drops the precondition and writes. */
        IGNORE
    }

    private final ServerSocket socket;
    private final int upstream;
    private final Behaviour behaviour;
    private final Configuration conf;
    private final AtomicInteger conditionalPuts = new AtomicInteger();

    private ConditionlessS3(ServerSocket socket, int upstream, Behaviour behaviour, Configuration conf) {
        this.socket = socket;
        this.upstream = upstream;
        this.behaviour = behaviour;
        this.conf = conf;
    }

    /**
     * @param server an s3proxy started with {@code s3proxy.authorization=none}
     * @param behaviour what to do with conditional PUTs
     * @return the running relay
     * @throws IOException if it cannot listen
     */
    static ConditionlessS3 start(S3ProxyServer server, Behaviour behaviour) throws IOException {
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Configuration conf = server.hadoopConf();
        conf.set("fs.s3a.endpoint", "http://127.0.0.1:" + socket.getLocalPort());
        ConditionlessS3 relay = new ConditionlessS3(socket, server.port(), behaviour, conf);
        Thread acceptor = new Thread(relay::accept, "conditionless-s3");
        acceptor.setDaemon(true);
        acceptor.start();
        return relay;
    }

    /** @return a Hadoop configuration whose s3a reaches the server through this relay */
    Configuration hadoopConf() {
        return new Configuration(conf);
    }

    /** @return how many conditional PUTs the relay has refused or stripped */
    int conditionalPuts() {
        return conditionalPuts.get();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Thread t = new Thread(() -> serve(client), "conditionless-s3-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            List<String> head = readHead(in);
            if (head.isEmpty()) {
                return;
            }
            boolean put = head.get(0).startsWith("PUT ");
            boolean conditional = put && head.stream().anyMatch(ConditionlessS3::isPrecondition);
            List<String> forwarded = new ArrayList<>();
            long length = 0;
            for (String line : head) {
                String name = line.contains(":") ? line.substring(0, line.indexOf(':')).trim().toLowerCase(Locale.ROOT)
                        : "";
                if (name.equals("content-length")) {
                    length = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
                if (name.equals("expect")) {
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } else if (!name.equals("connection") && !(conditional && isPrecondition(line))) {
                    forwarded.add(line);
                }
            }
            byte[] body = in.readNBytes((int) length);
            if (conditional) {
                conditionalPuts.incrementAndGet();
                if (behaviour == Behaviour.REFUSE) {
                    byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NotImplemented</Code>"
                            + "<Message>A header you provided implies functionality that is not implemented"
                            + "</Message></Error>").getBytes(StandardCharsets.UTF_8);
                    out.write(("HTTP/1.1 501 Not Implemented\r\nContent-Type: application/xml\r\nContent-Length: "
                            + xml.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(xml);
                    return;
                }
            }
            forwarded.add("Connection: close");
            try (Socket up = new Socket(InetAddress.getLoopbackAddress(), upstream)) {
                OutputStream upOut = up.getOutputStream();
                upOut.write((String.join("\r\n", forwarded) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                upOut.write(body);
                upOut.flush();
                up.getInputStream().transferTo(out); // the server closes after its answer
            }
        } catch (IOException e) {
            // the client gave up; its SDK retries or reports it
        }
    }

    private static boolean isPrecondition(String headerLine) {
        String lower = headerLine.toLowerCase(Locale.ROOT);
        return lower.startsWith("if-none-match:") || lower.startsWith("if-match:");
    }

    /** @return the request line and header lines, or empty at the end of the stream */
    private static List<String> readHead(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        List<String> lines = new ArrayList<>();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1).replaceAll("\r$", "");
                if (text.isEmpty()) {
                    return lines;
                }
                lines.add(text);
                line.reset();
            } else {
                line.write(b);
            }
        }
        return List.of();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
