package org.sparklstm.core.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparklstm.core.bundle.ModelBundle;
import org.sparklstm.core.bundle.TrainingState;
import org.sparklstm.core.bundle.UnreadableFormatException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.sparklstm.core.io.FileIO;
import org.sparklstm.core.io.HadoopFileIO;
import org.sparklstm.core.run.RunLayout;
import org.sparklstm.core.run.WriteGuard;

/**
 * A {@link CheckpointStore} in the folder {@value RunLayout#CHECKPOINTS} of a run root, through the {@link FileIO}
 * seam: {@code file://}, {@code hdfs://} and {@code s3a://} alike.
 *
 * <p>Layout under the run's root: {@code checkpoints/ckpt-<iteration>-<random>/} holds the bundle's files and
 * {@code manifest.json} (written after them); {@code checkpoints/LATEST} names the published checkpoint and is
 * written last. A reader that finds the pointer missing, unreadable or naming a damaged checkpoint falls back
 * to the newest checkpoint whose manifest verifies. The run's model is the newest checkpoint whose state set the
 * lowest validation loss so far (else the newest).
 */
public final class FileCheckpointStore implements CheckpointStore {
    private static final Pattern CHECKPOINT_NAME = Pattern.compile("ckpt-\\d+-[0-9a-f]+");
    private static final Logger LOG = LoggerFactory.getLogger(FileCheckpointStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String POINTER = RunLayout.CHECKPOINTS + "/" + RunLayout.LATEST;

    private final FileIO io;
    private final WriteGuard guard;

    /**
     * @param io the storage, rooted at the run's root
     * @param guard checked before every file written and every checkpoint deleted (the run's lease)
     */
    public FileCheckpointStore(FileIO io, WriteGuard guard) {
        this.io = io;
        this.guard = guard;
    }

    /**
     * See {@link CheckpointStore#locate}.
     *
     * @param uri a run root or a checkpoint folder
     * @param conf Hadoop configuration
     * @return the store and, for a checkpoint folder, its name
     * @throws IOException if the file system cannot be reached
     */
    static Location locate(URI uri, Configuration conf) throws IOException {
        String text = uri.toString();
        HadoopFileIO at = HadoopFileIO.checksummed(
                URI.create(text.length() > 1 && text.endsWith("/") ? text.substring(0, text.length() - 1) : text), conf);
        Path folder = at.path("");
        if (at.exists(Manifest.FILE) && folder.getParent() != null
                && RunLayout.CHECKPOINTS.equals(folder.getParent().getName())) {
            return new Location(CheckpointStore.at(folder.getParent().getParent().toUri(), conf), folder.getName());
        }
        if (!at.exists("")) {
            throw new CheckpointException(uri + ": no such run or checkpoint");
        }
        return new Location(CheckpointStore.at(uri, conf), null);
    }

    @Override
    public String save(ModelBundle bundle) throws IOException {
        String name = String.format("ckpt-%012d-%s", bundle.state().iteration(),
                UUID.randomUUID().toString().substring(0, 8));
        String folder = folder(name);
        Map<String, byte[]> files = bundle.toFiles();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            write(folder + "/" + f.getKey(), f.getValue());
        }
        write(folder + "/" + Manifest.FILE, Manifest.of(files));
        write(POINTER, (name + "\n").getBytes(StandardCharsets.UTF_8));
        return name;
    }

    @Override
    public List<CheckpointInfo> list() throws IOException {
        String published = readPointerOrNull(POINTER);
        List<String> names = folderNames();
        TrainingState[] states = new TrainingState[names.size()];
        String[] problems = new String[names.size()];
        long[] sizes = new long[names.size()];
        String best = null;
        for (int i = 0; i < names.size(); i++) {
            try {
                Map<String, byte[]> files = readVerified(names.get(i));
                for (byte[] b : files.values()) {
                    sizes[i] += b.length;
                }
                states[i] = JSON.readValue(files.get(ModelBundle.STATE_FILE), TrainingState.class);
                best = states[i].atBest() ? names.get(i) : best;
            } catch (CheckpointException | IOException e) {
                problems[i] = e.getMessage();
            }
        }
        List<CheckpointInfo> infos = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            TrainingState state = states[i];
            infos.add(new CheckpointInfo(name, io.uri(folder(name)).toString(), problems[i] == null, problems[i],
                    name.equals(published), name.equals(best), state == null ? -1 : state.epoch(),
                    state == null ? -1 : state.iteration(), state == null ? Double.NaN : state.valBitsPerToken(),
                    sizes[i]));
        }
        return infos;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Deletes nothing when the pointer cannot be read or storage fails while checking (it warns; a later call
     * catches up), and nothing newer than the newest checkpoint that verifies against its manifest.
     */
    @Override
    public List<String> retain(int keepLast, int keepBest) throws IOException {
        if (keepLast < 1) {
            throw new IllegalArgumentException("keepLast must be at least 1, got " + keepLast);
        }
        try {
            String published = readPointer(POINTER);
            String best = null;
            List<String> names = folderNames();
            int verified = newestVerified(names);
            if (verified < 0) {
                return List.of();
            }
            List<String> complete = new ArrayList<>();
            Map<String, Double> loss = new LinkedHashMap<>();
            for (String name : names.subList(0, verified + 1)) {
                try {
                    TrainingState state = JSON.readValue(io.read(folder(name) + "/" + ModelBundle.STATE_FILE),
                            TrainingState.class);
                    if (io.exists(folder(name) + "/" + Manifest.FILE)) {
                        complete.add(name);
                        loss.put(name, state.valBitsPerToken());
                        best = state.atBest() ? name : best;
                    }
                } catch (FileNotFoundException | JsonProcessingException e) {
                    LOG.debug("{} is incomplete: {}", name, e.toString());
                }
            }
            Set<String> keep = Retention.kept(complete, loss, keepLast, keepBest);
            Stream.of(published, best).filter(Objects::nonNull).forEach(keep::add);
            List<String> deleted = new ArrayList<>();
            for (String name : names.subList(0, verified)) {
                if (!keep.contains(name)) {
                    guard.check();
                    io.delete(folder(name));
                    deleted.add(name);
                }
            }
            return deleted;
        } catch (IOException e) {
            LOG.warn("Retention deleted nothing more this time: {}", e.toString());
            return List.of();
        }
    }

    /** @return the index in {@code names} of the newest checkpoint that verifies against its manifest, or -1 */
    private int newestVerified(List<String> names) throws IOException {
        for (int i = names.size() - 1; i >= 0; i--) {
            try {
                readVerified(names.get(i));
                return i;
            } catch (CheckpointException e) {
                LOG.debug("Not verified: {}", e.getMessage());
            }
        }
        return -1;
    }

    @Override
    public Optional<ModelBundle> resumePoint() throws IOException {
        String published = readPointerOrNull(POINTER);
        List<String> names = folderNames();
        List<String> order = new ArrayList<>();
        if (published != null) {
            order.add(published);
        }
        for (int i = names.size() - 1; i >= 0; i--) {
            if (!names.get(i).equals(published)) {
                order.add(names.get(i));
            }
        }
        List<String> problems = new ArrayList<>();
        for (String name : order) {
            try {
                ModelBundle bundle = load(name);
                if (!problems.isEmpty()) {
                    LOG.warn("Resuming from {}, the newest checkpoint that loads; newer but unusable: {}", name,
                            problems);
                }
                return Optional.of(bundle);
            } catch (UnloadableCheckpoint e) {
                if (e.kind() == UnloadableCheckpoint.Kind.NEWER_FORMAT) {
                    problems.add(name + ": " + e.reason());
                    throw new UnusableCheckpointsException(uri() + ": the newest checkpoint was written by a newer "
                            + "build, which this one must not train over: " + String.join("; ", problems)
                            + ". Nothing was trained or deleted; use the newer build, or --restart to start over");
                }
                if (name.equals(published)) {
                    problems.add(name + " (published in " + RunLayout.LATEST + "): " + e.reason());
                } else {
                    LOG.info("Ignoring {}, a checkpoint whose write never finished", name);
                }
            } catch (CheckpointException e) {
                problems.add(e.getMessage());
            }
        }
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        throw new UnusableCheckpointsException(uri() + " holds " + problems.size() + " checkpoint(s) and none can "
                + "be loaded: " + String.join("; ", problems) + ". Nothing was trained or deleted; use --restart to "
                + "start over from iteration 0");
    }

    /**
     * {@inheritDoc}
     *
     * <p>Nothing records which checkpoint that is: a checkpoint's state says whether its evaluation set the lowest
     * loss so far, so the run's model is the newest checkpoint whose state says so. Only the states are read until
     * it is found.
     */
    @Override
    public ModelBundle loadModel() throws IOException {
        List<String> names = folderNames();
        for (int i = names.size() - 1; i >= 0; i--) {
            String name = names.get(i);
            TrainingState state;
            try {
                state = JSON.readValue(io.read(folder(name) + "/" + ModelBundle.STATE_FILE), TrainingState.class);
            } catch (FileNotFoundException | JsonProcessingException e) {
                continue;
            }
            if (state.atBest()) {
                try {
                    return load(name);
                } catch (CheckpointException e) {
                    LOG.warn("The run's best model {} does not load, so its newest checkpoint is used: {}", name,
                            e.getMessage());
                    break;
                }
            }
        }
        return loadLatest();
    }

    @Override
    public ModelBundle loadLatest() throws IOException {
        return resumePoint().orElseThrow(() -> new CheckpointException(uri() + ": no checkpoint"));
    }

    @Override
    public ModelBundle load(String name) throws IOException {
        Map<String, byte[]> files = readVerified(name);
        String where = io.uri(folder(name)).toString();
        try {
            return ModelBundle.fromFiles(files);
        } catch (UnreadableFormatException e) {
            if (e.newer()) {
                throw new UnloadableCheckpoint(where, UnloadableCheckpoint.Kind.NEWER_FORMAT, e.getMessage());
            }
            throw new CheckpointException(where + ": " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException(where + ": cannot be read as a model bundle: " + e);
        }
    }

    @Override
    public URI uri() {
        return io.uri(RunLayout.CHECKPOINTS);
    }

    @Override
    public URI runRoot() {
        return io.root();
    }

    private Map<String, byte[]> readVerified(String name) throws IOException {
        return Manifest.readVerified(io, folder(name));
    }

    private static String folder(String name) {
        return RunLayout.CHECKPOINTS + "/" + name;
    }

    private List<String> folderNames() throws IOException {
        return io.folders(RunLayout.CHECKPOINTS).stream().filter(n -> n.startsWith("ckpt-")).toList();
    }

    /**
     * @param pointer {@link #POINTER}
     * @return the checkpoint the pointer names, or null when there is no pointer or it names no checkpoint
     * @throws CheckpointStorageException if it exists but storage fails while reading it
     */
    private String readPointer(String pointer) throws CheckpointStorageException {
        URI uri = io.uri(pointer);
        String name;
        try {
            name = new String(io.read(pointer), StandardCharsets.UTF_8).trim();
        } catch (FileNotFoundException e) {
            return null;
        } catch (IOException e) {
            throw new CheckpointStorageException("storage error reading " + uri, e);
        }
        if (!CHECKPOINT_NAME.matcher(name).matches()) {
            LOG.warn("Ignoring the pointer {}: it names no checkpoint", uri);
            return null;
        }
        return name;
    }

    /** @return the pointer's checkpoint, or null when it is missing or cannot be read (warned) */
    private String readPointerOrNull(String pointer) {
        try {
            return readPointer(pointer);
        } catch (CheckpointStorageException e) {
            LOG.warn("Ignoring the pointer: {}", e.getMessage());
            return null;
        }
    }

    private void write(String path, byte[] content) throws IOException {
        guard.check();
        io.write(path, content);
    }
}
