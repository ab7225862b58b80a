package org.sparklstm.job.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The soak's own bookkeeping of a retraining root, read from the real store without faults and without this
 * project's readers: which checkpoints verify against their manifests, what each generation recorded, and the
 * invariants a month of unattended calls must keep.
 */
final class SoakChecks {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CHECKPOINT = Pattern.compile("ckpt-(\\d+)-[0-9a-f]+");
    private static final Pattern RESUMED = Pattern.compile(
            "Resuming from the newest valid checkpoint in \\S*?(/gen-\\d{5})/checkpoints: .* iteration (\\d+)");

    private final FileSystem fs;
    private final Path root;

    SoakChecks(FileSystem fs, Path root) {
        this.fs = fs;
        this.root = root;
    }

    /** One generation's checkpoints: every folder's iteration, and the one a resume must take (or -1). */
    record Checkpoints(Map<String, Long> folders, long resumePoint) {
    }

    /** @return per generation (its name), what its checkpoints are now */
    Map<String, Checkpoints> checkpoints() throws IOException {
        Map<String, Checkpoints> all = new TreeMap<>();
        for (Path gen : generations()) {
            Path dir = new Path(gen, "checkpoints");
            Map<String, Long> folders = new TreeMap<>();
            long newestValid = -1;
            String published = null;
            if (fs.exists(dir)) {
                published = text(new Path(dir, "LATEST"));
                for (FileStatus s : fs.listStatus(dir)) {
                    Matcher m = CHECKPOINT.matcher(s.getPath().getName());
                    if (s.isDirectory() && m.matches()) {
                        long iteration = Long.parseLong(m.group(1));
                        folders.put(s.getPath().getName(), iteration);
                        if (verifies(s.getPath())) {
                            newestValid = Math.max(newestValid, iteration);
                        }
                    }
                }
            }
            String pointer = published == null ? null : published.trim();
            long resume = pointer != null && folders.containsKey(pointer) && verifies(new Path(dir, pointer))
                    ? folders.get(pointer) : newestValid;
            all.put(gen.getName(), new Checkpoints(folders, resume));
        }
        return all;
    }

    private boolean verifies(Path folder) throws IOException {
        String manifest = text(new Path(folder, "manifest.json"));
        if (manifest == null) {
            return false;
        }
        JsonNode files;
        try {
            files = JSON.readTree(manifest).path("files");
        } catch (IOException e) {
            return false;
        }
        var it = files.fields();
        while (it.hasNext()) {
            var f = it.next();
            byte[] content = bytes(new Path(folder, f.getKey()));
            if (content == null || content.length != f.getValue().path("size").asLong()
                    || !sha256(content).equals(f.getValue().path("sha256").asText())) {
                return false;
            }
        }
        return files.size() > 0;
    }

    /**
     * @param before the checkpoints before a call
     * @param log the call's output
     * @return broken invariants: a resume from anything but the newest valid checkpoint, or a new checkpoint
     *         below the one a resume had to take (a silent start over)
     */
    List<String> resumes(Map<String, Checkpoints> before, String log) throws IOException {
        List<String> broken = new ArrayList<>();
        Matcher m = RESUMED.matcher(log);
        while (m.find()) {
            String gen = m.group(1).substring(1);
            long from = Long.parseLong(m.group(2));
            long expected = before.containsKey(gen) ? before.get(gen).resumePoint() : -1;
            if (from != expected) {
                broken.add(gen + " resumed from iteration " + from + " but the newest valid checkpoint was "
                        + expected);
            }
        }
        for (Map.Entry<String, Checkpoints> now : checkpoints().entrySet()) {
            Checkpoints old = before.get(now.getKey());
            if (old == null || old.resumePoint() < 0) {
                continue;
            }
            for (Map.Entry<String, Long> f : now.getValue().folders().entrySet()) {
                if (!old.folders().containsKey(f.getKey()) && f.getValue() < old.resumePoint()) {
                    broken.add(now.getKey() + " wrote " + f.getKey() + " below its newest valid checkpoint "
                            + old.resumePoint() + ": a start over");
                }
            }
        }
        return broken;
    }

    /**
     * Every byte of every file now in the corpus was trained exactly once by the finished generations: the last
     * whole-file slice of its current content and the appended slices after it are contiguous, none overlaps,
     * and they reach its end with its digest.
     *
     * @param corpus the corpus files now
     * @return broken invariants
     */
    List<String> trainedOnce(List<java.nio.file.Path> corpus) throws IOException {
        Map<String, List<JsonNode>> slices = new LinkedHashMap<>();
        for (Path gen : generations()) {
            if (!fs.exists(new Path(gen, "_COMPLETE"))) {
                continue;
            }
            String record = text(new Path(gen, "retrain.json"));
            if (record == null) { // a crash between removing the old file and the rename leaves it here
                record = text(new Path(gen, ".retrain.json.tmp"));
            }
            for (JsonNode f : JSON.readTree(record).path("files")) {
                slices.computeIfAbsent(f.path("path").asText().replaceFirst("^file:", ""), k -> new ArrayList<>())
                        .add(f);
            }
        }
        List<String> broken = new ArrayList<>();
        for (java.nio.file.Path file : corpus) {
            byte[] content = Files.readAllBytes(file);
            List<JsonNode> mine = slices.getOrDefault(file.toAbsolutePath().toString(), List.of());
            int last = -1;
            for (int i = 0; i < mine.size(); i++) {
                if (mine.get(i).path("start").asLong() == 0) {
                    last = i;
                }
            }
            if (last < 0) {
                broken.add(file.getFileName() + ": never trained whole");
                continue;
            }
            long end = 0;
            for (JsonNode s : mine.subList(last, mine.size())) {
                if (s.path("start").asLong() != end) {
                    broken.add(file.getFileName() + ": slice " + s + " does not follow byte " + end
                            + " (a gap, or bytes trained twice)");
                }
                end = s.path("end").asLong();
            }
            String digest = mine.get(mine.size() - 1).path("prefix_sha256").asText();
            if (end != content.length || !digest.equals(sha256(content))) {
                broken.add(file.getFileName() + ": trained up to byte " + end + " of " + content.length
                        + (digest.equals(sha256(content)) ? "" : ", not its current content"));
            }
        }
        return broken;
    }

    private List<Path> generations() throws IOException {
        List<Path> gens = new ArrayList<>();
        if (!fs.exists(root)) {
            return gens;
        }
        for (FileStatus s : fs.listStatus(root)) {
            if (s.isDirectory() && s.getPath().getName().matches("gen-\\d{5}")) {
                gens.add(s.getPath());
            }
        }
        gens.sort(null);
        return gens;
    }

    private String text(Path p) throws IOException {
        byte[] b = bytes(p);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private byte[] bytes(Path p) throws IOException {
        try (InputStream in = fs.open(p)) {
            return in.readAllBytes();
        } catch (FileNotFoundException e) {
            return null;
        }
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
