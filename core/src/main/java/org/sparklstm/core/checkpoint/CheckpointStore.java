package org.sparklstm.core.checkpoint;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.sparklstm.core.bundle.ModelBundle;
import org.sparklstm.core.io.HadoopFileIO;
import org.sparklstm.core.run.WriteGuard;

/**
 * Where a run's checkpoints live. A checkpoint is written whole into a fresh folder of its own, with a
 * manifest of file sizes and SHA-256 digests, and only then published by a small pointer; nothing relies on
 * rename. A damaged or incomplete checkpoint is never loaded: readers fall back to the newest valid one.
 */
public interface CheckpointStore {

    /**
     * The store of a run root (for reading, and for writing where no lease protects it).
     *
     * @param runRoot the run's root
     * @param conf Hadoop configuration (credentials, endpoints)
     * @return its store
     * @throws IOException if the file system cannot be reached
     */
    static CheckpointStore at(URI runRoot, Configuration conf) throws IOException {
        return at(runRoot, conf, WriteGuard.NONE);
    }

    /**
     * @param runRoot the run's root
     * @param conf Hadoop configuration (credentials, endpoints)
     * @param guard checked before every file written and every checkpoint deleted (the run's lease)
     * @return its store
     * @throws IOException if the file system cannot be reached
     */
    static CheckpointStore at(URI runRoot, Configuration conf, WriteGuard guard) throws IOException {
        return new FileCheckpointStore(HadoopFileIO.checksummed(runRoot, conf), guard);
    }

    /** A checkpoint location given by a user: a run root, or one checkpoint folder inside it. */
    record Location(CheckpointStore store, String checkpointName) {
        /**
         * @return the checkpoint at this location: the named one, else the run's model ({@link #loadModel()})
         * @throws IOException if the store cannot be read
         */
        public ModelBundle load() throws IOException {
            return checkpointName == null ? store.loadModel() : store.load(checkpointName);
        }
    }

    /**
     * Resolves what a user passed to {@code --checkpoint} or {@code --from}.
     *
     * @param uri a run root or a checkpoint folder
     * @param conf Hadoop configuration
     * @return the store and, for a checkpoint folder, its name
     * @throws CheckpointException if there is nothing at {@code uri}
     * @throws IOException if the file system cannot be reached
     */
    static Location locate(URI uri, Configuration conf) throws IOException {
        return FileCheckpointStore.locate(uri, conf);
    }

    /** @return the checkpoints folder */
    URI uri();

    /** @return the run root the checkpoints folder belongs to */
    URI runRoot();

    /**
     * Writes a bundle as a new checkpoint and publishes it.
     *
     * @param bundle what to save
     * @return the new checkpoint's name
     * @throws IOException if it cannot be written (the previous checkpoint stays published)
     */
    String save(ModelBundle bundle) throws IOException;

    /**
     * @return every checkpoint folder, oldest first, each verified against its manifest
     * @throws IOException if the store cannot be listed
     */
    List<CheckpointInfo> list() throws IOException;

    /**
     * The checkpoint a run resumes from: the published one if it loads, else the newest that does. A write that
     * never finished (no manifest) does not count as a checkpoint.
     *
     * @return the newest valid checkpoint, or empty when the store has never published one
     * @throws UnusableCheckpointsException if checkpoints were published but none loads (damaged), or the newest
     *         was written by a newer build
     * @throws CheckpointStorageException if storage fails while reading one (nothing is concluded from it)
     * @throws IOException if the store cannot be listed
     */
    Optional<ModelBundle> resumePoint() throws IOException;

    /**
     * @return the newest valid checkpoint, as {@link #resumePoint()} finds it
     * @throws CheckpointException if there is none
     * @throws IOException if the store cannot be read
     */
    ModelBundle loadLatest() throws IOException;

    /**
     * The run's model, which {@code sample}, {@code evaluate}, {@code compare} and {@code --from} use; resuming
     * continues from {@link #resumePoint()}.
     *
     * @return the newest checkpoint whose evaluation set the lowest validation loss so far
     *         ({@link org.sparklstm.core.bundle.TrainingState#atBest()}) when it loads, else {@link #loadLatest()}
     * @throws CheckpointException if there is none
     * @throws IOException if the store cannot be read
     */
    ModelBundle loadModel() throws IOException;

    /**
     * Deletes old checkpoints: keeps the published one, the run's model ({@link #loadModel()}), the newest {@code keepLast} complete ones and the
     * {@code keepBest} complete ones with the lowest validation loss; incomplete leftovers of crashed writes go
     * too. Only checkpoints older than the newest one that verifies against its manifest are deleted, and none
     * when the pointer cannot be read. Call only while holding the run's lease and not writing, so that no write
     * is in flight.
     *
     * @param keepLast how many of the newest complete checkpoints to keep, at least 1
     * @param keepBest how many of the best complete checkpoints to keep
     * @return the names deleted
     * @throws IOException if the store cannot be listed or a folder cannot be deleted
     */
    List<String> retain(int keepLast, int keepBest) throws IOException;

    /**
     * @param name a checkpoint's name
     * @return it, verified against its manifest
     * @throws CheckpointException if it is missing, incomplete or damaged
     * @throws IOException if the store cannot be read
     */
    ModelBundle load(String name) throws IOException;
}
