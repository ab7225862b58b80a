package org.sparklstm.core.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.util.List;

/**
 * The storage seam: whole files under one root, named by paths relative to it. The checkpoint store, the run
 * lease, a run's files (metrics, reports, records) and retraining say what they do through it ("write this file
 * whole", "create it only if absent"); {@link HadoopFileIO} says how each store does it. Shaped after Iceberg's
 * {@code FileIO}: small, so that a new store, or a test's faults, go in one place.
 */
public interface FileIO {
    /** @return the root, qualified */
    URI root();

    /**
     * @param path a path relative to the root
     * @return it as a full URI (for messages and for other tools)
     */
    URI uri(String path);

    /**
     * @param path a path relative to the root
     * @return the file's content
     * @throws FileNotFoundException if there is no such file
     * @throws IOException if storage fails, or the store's own checksum finds the file damaged
     */
    byte[] read(String path) throws IOException;

    /**
     * Creates or replaces a file, synced to the store's durable copies where it can be.
     *
     * @param path a path relative to the root (missing parents are created)
     * @param content the content
     * @throws IOException if it cannot be written
     */
    void write(String path, byte[] content) throws IOException;

    /**
     * Creates a file only if no file has its path, atomically where the store allows (HDFS, local files).
     *
     * @param path a path relative to the root
     * @param content the content
     * @return false when the file exists already, or another client is creating it right now
     * @throws IOException if storage fails
     */
    boolean createIfAbsent(String path, byte[] content) throws IOException;

    /**
     * @param path a path relative to the root
     * @return whether a file or folder has it
     * @throws IOException if storage cannot be asked
     */
    boolean exists(String path) throws IOException;

    /**
     * @param folder a path relative to the root
     * @return the names of the folders directly in it, sorted; empty when it does not exist
     * @throws IOException if it cannot be listed
     */
    List<String> folders(String folder) throws IOException;

    /**
     * Deletes a file, or a folder with everything in it; nothing when there is none.
     *
     * @param path a path relative to the root
     * @throws IOException if it cannot be deleted
     */
    void delete(String path) throws IOException;

    /**
     * @param from a path relative to the root
     * @param to the new path, in a folder that exists
     * @return false when nothing moved (the target exists, on stores whose rename does not overwrite)
     * @throws IOException if storage fails
     */
    boolean rename(String from, String to) throws IOException;

    /**
     * @param folder a path relative to the root, created with its missing parents
     * @throws IOException if it cannot be created
     */
    void mkdirs(String folder) throws IOException;

    /**
     * @return whether a written file appears whole or not at all by itself (object stores publish an object
     *         when its upload completes), so that no temporary file and rename are needed
     */
    boolean publishesWhole();
}
