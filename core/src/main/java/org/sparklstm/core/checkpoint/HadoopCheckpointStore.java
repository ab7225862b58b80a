package org.sparklstm.core.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.StreamCapabilities;
import org.sparklstm.core.bundle.ModelBundle;
import org.sparklstm.core.bundle.TrainingState;
import org.sparklstm.core.bundle.UnreadableFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparklstm.core.run.RunLayout;
import org.sparklstm.core.run.Sha256;
import org.sparklstm.core.run.WriteGuard;

/**
 * A {@link CheckpointStore} over Hadoop's FileSystem API: {@code file://}, {@code hdfs://} and {@code s3a://}
 * alike.
 *
 * <p>Layout under the run's root: {@code checkpoints/ckpt-<iteration>-<random>/} holds the bundle's files and
 * {@code manifest.json} (written after them); {@code checkpoints/LATEST} names the published checkpoint and is
 * written last. A reader that finds the pointer missing, unreadable or naming a damaged checkpoint falls back
 * to the newest checkpoint whose manifest verifies.
 */
public final class HadoopCheckpointStore implements CheckpointStore {
    /** The manifest in each checkpoint folder. */
    public static final String MANIFEST_FILE = "manifest.json";

    private static final Pattern CHECKPOINT_NAME = Pattern.compile("ckpt-\\d+-[0-9a-f]+");
    private static final Logger LOG = LoggerFactory.getLogger(HadoopCheckpointStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FileSystem fs;
    private final Path dir;
    private final WriteGuard guard;

    /**
     * A store for reading (and for writing where no lease protects the root).
     *
     * @param runRoot the run's root (its output URI)
     * @param conf Hadoop configuration (credentials, endpoints)
     * @throws IOException if the filesystem cannot be reached
     */
    public HadoopCheckpointStore(URI runRoot, Configuration conf) throws IOException {
        this(runRoot, conf, WriteGuard.NONE);
    }

    /**
     * @param runRoot the run's root (its output URI)
     * @param conf Hadoop configuration (credentials, endpoints)
     * @param guard checked before every file written and every checkpoint deleted (the run's lease)
     * @throws IOException if the filesystem cannot be reached
     */
    public HadoopCheckpointStore(URI runRoot, Configuration conf, WriteGuard guard) throws IOException {
        Path root = new Path(runRoot);
        this.fs = root.getFileSystem(conf);
        this.dir = new Path(fs.makeQualified(root), RunLayout.CHECKPOINTS);
        this.guard = guard;
    }

    /** A checkpoint location given by a user: a run root, or one checkpoint folder inside it. */
    public record Location(HadoopCheckpointStore store, String checkpointName) {
        /**
         * @return the checkpoint at this location: the named one, else the run's newest valid one
         * @throws IOException if the store cannot be read
         */
        public ModelBundle load() throws IOException {
            return checkpointName == null ? store.loadLatest() : store.load(checkpointName);
        }
    }

    /**
     * Resolves what a user passed to {@code --checkpoint}.
     *
     * @param uri a run root or a checkpoint folder
     * @param conf Hadoop configuration
     * @return the store and, for a checkpoint folder, its name
     * @throws IOException if the filesystem cannot be reached
     */
    public static Location locate(URI uri, Configuration conf) throws IOException {
        String text = uri.toString();
        Path p = new Path(text.length() > 1 && text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        FileSystem fs = p.getFileSystem(conf);
        if (fs.exists(new Path(p, MANIFEST_FILE)) && p.getParent() != null
                && RunLayout.CHECKPOINTS.equals(p.getParent().getName())) {
            return new Location(new HadoopCheckpointStore(p.getParent().getParent().toUri(), conf), p.getName());
        }
        if (!fs.exists(p)) {
            throw new CheckpointException(uri + ": no such run or checkpoint");
        }
        return new Location(new HadoopCheckpointStore(uri, conf), null);
    }

    @Override
    public String save(ModelBundle bundle) throws IOException {
        String name = String.format("ckpt-%012d-%s", bundle.state().iteration(),
                UUID.randomUUID().toString().substring(0, 8));
        Path folder = new Path(dir, name);
        Map<String, byte[]> files = bundle.toFiles();
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("format_version", 1);
        ObjectNode entries = manifest.putObject("files");
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            write(new Path(folder, f.getKey()), f.getValue());
            entries.putObject(f.getKey()).put("size", f.getValue().length).put("sha256", Sha256.hex(f.getValue()));
        }
        write(new Path(folder, MANIFEST_FILE), JSON.writeValueAsBytes(manifest));
        write(new Path(dir, RunLayout.LATEST), (name + "\n").getBytes(StandardCharsets.UTF_8));
        return name;
    }

    @Override
    public List<CheckpointInfo> list() throws IOException {
        String published = readPointerOrNull();
        List<CheckpointInfo> infos = new ArrayList<>();
        for (String name : folderNames()) {
            Path folder = new Path(dir, name);
            long bytes = 0;
            String problem = null;
            TrainingState state = null;
            try {
                Map<String, byte[]> files = readVerified(name);
                for (byte[] b : files.values()) {
                    bytes += b.length;
                }
                state = JSON.readValue(files.get(ModelBundle.STATE_FILE), TrainingState.class);
            } catch (CheckpointException | IOException e) {
                problem = e.getMessage();
            }
            infos.add(new CheckpointInfo(name, folder.toString(), problem == null, problem, name.equals(published),
                    state == null ? -1 : state.epoch(), state == null ? -1 : state.iteration(),
                    state == null ? Double.NaN : state.valBitsPerToken(), bytes));
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
            String published = readPointer();
            List<String> names = folderNames();
            int verified = newestVerified(names);
            if (verified < 0) {
                return List.of();
            }
            List<String> complete = new ArrayList<>();
            Map<String, Double> loss = new LinkedHashMap<>();
            for (String name : names.subList(0, verified + 1)) {
                try {
                    TrainingState state = JSON.readValue(read(new Path(new Path(dir, name), ModelBundle.STATE_FILE)),
                            TrainingState.class);
                    if (fs.exists(new Path(new Path(dir, name), MANIFEST_FILE))) {
                        complete.add(name);
                        loss.put(name, state.valBitsPerToken());
                    }
                } catch (FileNotFoundException | JsonProcessingException e) {
                    LOG.debug("{} is incomplete: {}", name, e.toString());
                }
            }
            Set<String> keep = new HashSet<>(complete.subList(Math.max(0, complete.size() - keepLast),
                    complete.size()));
            complete.stream().filter(n -> Double.isFinite(loss.get(n)))
                    .sorted(Comparator.comparingDouble(loss::get)).limit(keepBest).forEach(keep::add);
            if (published != null) {
                keep.add(published);
            }
            List<String> deleted = new ArrayList<>();
            for (String name : names.subList(0, verified)) {
                if (!keep.contains(name)) {
                    guard.check();
                    fs.delete(new Path(dir, name), true);
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
        String published = readPointerOrNull();
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
            } catch (Unloadable e) {
                if (e.kind == Kind.NEWER_FORMAT) {
                    problems.add(name + ": " + e.reason);
                    throw new UnusableCheckpointsException(dir + ": the newest checkpoint was written by a newer "
                            + "build, which this one must not train over: " + String.join("; ", problems)
                            + ". Nothing was trained or deleted; use the newer build, or --restart to start over");
                }
                if (name.equals(published)) {
                    problems.add(name + " (published in " + RunLayout.LATEST + "): " + e.reason);
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
        throw new UnusableCheckpointsException(dir + " holds " + problems.size() + " checkpoint(s) and none can "
                + "be loaded: " + String.join("; ", problems) + ". Nothing was trained or deleted; use --restart to "
                + "start over from iteration 0");
    }

    @Override
    public ModelBundle loadLatest() throws IOException {
        return resumePoint().orElseThrow(() -> new CheckpointException(dir + ": no checkpoint"));
    }

    @Override
    public ModelBundle load(String name) throws IOException {
        Map<String, byte[]> files = readVerified(name);
        try {
            return ModelBundle.fromFiles(files);
        } catch (UnreadableFormatException e) {
            if (e.newer()) {
                throw new Unloadable(new Path(dir, name), Kind.NEWER_FORMAT, e.getMessage());
            }
            throw new CheckpointException(new Path(dir, name) + ": " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException(new Path(dir, name) + ": cannot be read as a model bundle: " + e);
        }
    }

    /** @return the checkpoints folder this store writes to */
    public URI uri() {
        return dir.toUri();
    }

    /** @return the run root the checkpoints folder belongs to */
    public URI runRoot() {
        return dir.getParent().toUri();
    }

    private Map<String, byte[]> readVerified(String name) throws IOException {
        Path folder = new Path(dir, name);
        JsonNode manifest;
        try {
            manifest = JSON.readTree(read(new Path(folder, MANIFEST_FILE)));
        } catch (FileNotFoundException e) {
            throw new Unloadable(folder, Kind.INCOMPLETE, "incomplete (no " + MANIFEST_FILE + ")");
        } catch (JsonProcessingException | ChecksumException e) {
            throw new Unloadable(folder, Kind.INCOMPLETE, "unreadable " + MANIFEST_FILE + " (its write never finished, or it was "
                    + "damaged since): " + e.getMessage());
        } catch (IOException e) {
            throw new CheckpointStorageException("storage error reading " + new Path(folder, MANIFEST_FILE), e);
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        var fields = manifest.path("files").fields();
        while (fields.hasNext()) {
            var entry = fields.next();
            byte[] content;
            try {
                content = read(new Path(folder, entry.getKey()));
            } catch (FileNotFoundException e) {
                throw new CheckpointException(folder + ": " + entry.getKey() + " is missing");
            } catch (ChecksumException e) {
                throw new CheckpointException(folder + ": " + entry.getKey() + " cannot be read: " + e.getMessage());
            } catch (IOException e) {
                throw new CheckpointStorageException("storage error reading " + new Path(folder, entry.getKey()), e);
            }
            long size = entry.getValue().path("size").asLong(-1);
            if (content.length != size) {
                throw new CheckpointException(folder + ": " + entry.getKey() + " has " + content.length
                        + " bytes, the manifest says " + size);
            }
            if (!Sha256.hex(content).equals(entry.getValue().path("sha256").asText())) {
                throw new CheckpointException(folder + ": " + entry.getKey() + " does not match its SHA-256");
            }
            files.put(entry.getKey(), content);
        }
        if (files.isEmpty()) {
            throw new CheckpointException(folder + ": the manifest lists no files");
        }
        return files;
    }

    private List<String> folderNames() throws IOException {
        List<String> names = new ArrayList<>();
        if (!fs.exists(dir)) {
            return names;
        }
        for (FileStatus s : fs.listStatus(dir)) {
            if (s.isDirectory() && s.getPath().getName().startsWith("ckpt-")) {
                names.add(s.getPath().getName());
            }
        }
        names.sort(null);
        return names;
    }

    /**
     * @return the checkpoint the pointer names, or null when there is no pointer or it names no checkpoint
     * @throws CheckpointStorageException if it exists but storage fails while reading it
     */
    private String readPointer() throws CheckpointStorageException {
        Path pointer = new Path(dir, RunLayout.LATEST);
        String name;
        try {
            name = new String(read(pointer), StandardCharsets.UTF_8).trim();
        } catch (FileNotFoundException e) {
            return null;
        } catch (IOException e) {
            throw new CheckpointStorageException("storage error reading " + pointer, e);
        }
        if (!CHECKPOINT_NAME.matcher(name).matches()) {
            LOG.warn("Ignoring the pointer {}: it names no checkpoint", pointer);
            return null;
        }
        return name;
    }

    /** @return the pointer's checkpoint, or null when it is missing or cannot be read (warned) */
    private String readPointerOrNull() {
        try {
            return readPointer();
        } catch (CheckpointStorageException e) {
            LOG.warn("Ignoring the pointer: {}", e.getMessage());
            return null;
        }
    }

    /** Why a checkpoint cannot be loaded, where resuming must tell it apart from damage. */
    private enum Kind {
        /** No readable manifest: its write never finished. */
        INCOMPLETE,
        /** Written by a newer build, in a bundle format this build cannot read. */
        NEWER_FORMAT
    }

    /** A checkpoint that cannot be loaded, of a {@link Kind} that resuming treats apart. */
    private static final class Unloadable extends CheckpointException {
        private static final long serialVersionUID = 1L;
        private final Kind kind;
        private final String reason;

        Unloadable(Path folder, Kind kind, String reason) {
            super(folder + ": " + reason);
            this.kind = kind;
            this.reason = reason;
        }
    }

    private void write(Path path, byte[] content) throws IOException {
        guard.check();
        try (FSDataOutputStream out = fs.create(path, true)) {
            out.write(content);
            if (out.hasCapability(StreamCapabilities.HSYNC)) {
                out.hsync();
            }
        }
    }

    private byte[] read(Path path) throws IOException {
        try (InputStream in = fs.open(path)) {
            return in.readAllBytes();
        }
    }

}
