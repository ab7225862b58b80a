package org.sparklstm.core.checkpoint;

import java.io.IOException;
import java.util.Optional;

/**
 * The one file a {@link RunLease} lives in, with the conditional writes the lease needs: create only if absent,
 * replace only if unchanged since it was read. Object stores that support HTTP preconditions make both atomic
 * ({@link S3ConditionalLeaseFile}); elsewhere {@link ExclusiveCreateLeaseFile} does what the store allows.
 */
interface LeaseFile {
    /**
     * The file's content and its version (an ETag, or a digest of the content).
     *
     * @param bytes the content
     * @param version what a conditional write compares
     */
    record Content(byte[] bytes, String version) {
    }

    /**
     * @return the content, or empty when there is no lease file
     * @throws IOException if storage fails
     */
    Optional<Content> read() throws IOException;

    /**
     * @param bytes the new content
     * @return its version, or empty when the file exists already (another run created it first)
     * @throws IOException if storage fails
     */
    Optional<String> createIfAbsent(byte[] bytes) throws IOException;

    /**
     * @param bytes the new content
     * @param expected the version the file must still have
     * @return the new version, or empty when the file changed (another run wrote it) or vanished
     * @throws IOException if storage fails
     */
    Optional<String> replaceIf(byte[] bytes, String expected) throws IOException;

    /**
     * Deletes the file if it still has the given version.
     *
     * @param expected the version
     * @throws IOException if storage fails
     */
    void deleteIf(String expected) throws IOException;

    /** @return how this file makes its writes conditional, for the log */
    String describe();
}
