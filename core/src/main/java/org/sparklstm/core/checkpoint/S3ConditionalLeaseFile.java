package org.sparklstm.core.checkpoint;

import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.model.AmazonS3Exception;
import com.amazonaws.services.s3.model.GetObjectRequest;
import com.amazonaws.services.s3.model.ObjectMetadata;
import com.amazonaws.services.s3.model.PutObjectRequest;
import com.amazonaws.services.s3.model.S3Object;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.s3a.S3AFileSystem;
import org.sparklstm.core.run.RunLayout;

/**
 * A lease file on S3 written with HTTP preconditions through the S3 client that s3a already holds: created with
 * {@code If-None-Match: *} and replaced with {@code If-Match: <ETag>}, so that of two runs taking or renewing the
 * lease at the same instant exactly one wins (S3 and s3proxy answer the other 412). Before the lease is touched,
 * {@link #probe()} checks that the store honours {@code If-None-Match} on a probe object beside it: a store that
 * refuses conditional writes (501 NotImplemented) or ignores the header (a second exclusive create succeeds) is
 * reported, and the caller falls back.
 */
final class S3ConditionalLeaseFile implements LeaseFile {
    private static final int PRECONDITION_FAILED = 412;
    private static final int CONFLICT = 409;
    private static final int NOT_FOUND = 404;
    private static final int NOT_IMPLEMENTED = 501;

    private final AmazonS3 s3;
    private final String bucket;
    private final String key;

    S3ConditionalLeaseFile(S3AFileSystem fs, Path path) {
        // s3a's own client: its endpoint, credentials and retry settings, as every other call of this run uses
        this(fs.getAmazonS3ClientForTesting("conditional writes of the run lease"), fs.getBucket(),
                fs.makeQualified(path).toUri().getPath().substring(1));
    }

    private S3ConditionalLeaseFile(AmazonS3 s3, String bucket, String key) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
    }

    @Override
    public Optional<Content> read() throws IOException {
        try (S3Object object = s3.getObject(new GetObjectRequest(bucket, key));
             InputStream in = object.getObjectContent()) {
            return Optional.of(new Content(in.readAllBytes(), object.getObjectMetadata().getETag()));
        } catch (AmazonS3Exception e) {
            if (e.getStatusCode() == NOT_FOUND) {
                return Optional.empty();
            }
            throw new IOException("reading s3a://" + bucket + "/" + key + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IOException("reading s3a://" + bucket + "/" + key + ": " + e, e);
        }
    }

    @Override
    public Optional<String> createIfAbsent(byte[] bytes) throws IOException {
        return put(bytes, "If-None-Match", "*");
    }

    @Override
    public Optional<String> replaceIf(byte[] bytes, String expected) throws IOException {
        return put(bytes, "If-Match", expected);
    }

    private Optional<String> put(byte[] bytes, String header, String value) throws IOException {
        ObjectMetadata meta = new ObjectMetadata();
        meta.setContentLength(bytes.length);
        meta.setContentType("application/json");
        PutObjectRequest put = new PutObjectRequest(bucket, key, new ByteArrayInputStream(bytes), meta);
        put.putCustomRequestHeader(header, value);
        try {
            return Optional.of(s3.putObject(put).getETag());
        } catch (AmazonS3Exception e) {
            if (e.getStatusCode() == PRECONDITION_FAILED || e.getStatusCode() == CONFLICT
                    || e.getStatusCode() == NOT_FOUND) {
                return Optional.empty();
            }
            throw new IOException("conditional write (" + header + ") of s3a://" + bucket + "/" + key + " answered "
                    + e.getStatusCode() + ": " + e.getErrorMessage(), e);
        } catch (RuntimeException e) {
            throw new IOException("writing s3a://" + bucket + "/" + key + ": " + e, e);
        }
    }

    @Override
    public void deleteIf(String expected) throws IOException {
        Optional<Content> now = read();
        if (now.isPresent() && now.get().version().equals(expected)) {
            try {
                s3.deleteObject(bucket, key);
            } catch (RuntimeException e) {
                throw new IOException("deleting s3a://" + bucket + "/" + key + ": " + e, e);
            }
        }
    }

    @Override
    public String describe() {
        return "S3 conditional writes (If-None-Match, If-Match)";
    }

    /**
     * Creates the probe object beside the lease twice with {@code If-None-Match: *}; the second must be refused
     * as existing. (Its first create may be refused too, when the probe is there from an earlier run.)
     *
     * @return why this store's conditional writes cannot be relied on, or empty when they work
     * @throws IOException if storage fails otherwise
     */
    Optional<String> probe() throws IOException {
        S3ConditionalLeaseFile probe = new S3ConditionalLeaseFile(s3, bucket,
                key.substring(0, key.lastIndexOf('/') + 1) + RunLayout.LEASE_PROBE);
        byte[] bytes = "conditional-write probe of the run lease\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try {
            probe.createIfAbsent(bytes);
            if (probe.createIfAbsent(bytes).isPresent()) {
                return Optional.of("it ignores If-None-Match: a second exclusive create of s3a://" + bucket + "/"
                        + probe.key + " succeeded");
            }
            return Optional.empty();
        } catch (IOException e) {
            if (e.getCause() instanceof AmazonS3Exception refused && (refused.getStatusCode() == NOT_IMPLEMENTED
                    || "NotImplemented".equals(refused.getErrorCode()))) {
                return Optional.of("it refuses conditional writes: " + e.getMessage());
            }
            throw e;
        }
    }
}
