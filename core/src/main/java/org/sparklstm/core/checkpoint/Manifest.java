package org.sparklstm.core.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.ChecksumException;
import org.sparklstm.core.io.FileIO;
import org.sparklstm.core.run.Sha256;

/**
 * A checkpoint folder's manifest: every file's size and SHA-256, written after the files. A folder without a
 * readable manifest is a write that never finished; a file that does not match it is damage.
 */
public final class Manifest {
    /** The manifest in each checkpoint folder. */
    public static final String FILE = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Manifest() {
    }

    /**
     * @param files a checkpoint's files
     * @return their manifest
     * @throws IOException if it cannot be serialised
     */
    static byte[] of(Map<String, byte[]> files) throws IOException {
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("format_version", 1);
        ObjectNode entries = manifest.putObject("files");
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            entries.putObject(f.getKey()).put("size", f.getValue().length).put("sha256", Sha256.hex(f.getValue()));
        }
        return JSON.writeValueAsBytes(manifest);
    }

    /**
     * @param io the storage
     * @param folder a checkpoint's folder
     * @return its files, each verified against the manifest
     * @throws UnloadableCheckpoint of kind {@code INCOMPLETE} if there is no readable manifest
     * @throws CheckpointException if a file is missing or does not match
     * @throws CheckpointStorageException if storage fails while reading (nothing is concluded from it)
     */
    static Map<String, byte[]> readVerified(FileIO io, String folder) throws IOException {
        String where = io.uri(folder).toString();
        JsonNode manifest;
        try {
            manifest = JSON.readTree(io.read(folder + "/" + FILE));
        } catch (FileNotFoundException e) {
            throw new UnloadableCheckpoint(where, UnloadableCheckpoint.Kind.INCOMPLETE, "incomplete (no " + FILE + ")");
        } catch (JsonProcessingException | ChecksumException e) {
            throw new UnloadableCheckpoint(where, UnloadableCheckpoint.Kind.INCOMPLETE, "unreadable " + FILE
                    + " (its write never finished, or it was damaged since): " + e.getMessage());
        } catch (IOException e) {
            throw new CheckpointStorageException("storage error reading " + io.uri(folder + "/" + FILE), e);
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        var fields = manifest.path("files").fields();
        while (fields.hasNext()) {
            var entry = fields.next();
            byte[] content;
            try {
                content = io.read(folder + "/" + entry.getKey());
            } catch (FileNotFoundException e) {
                throw new CheckpointException(where + ": " + entry.getKey() + " is missing");
            } catch (ChecksumException e) {
                throw new CheckpointException(where + ": " + entry.getKey() + " cannot be read: " + e.getMessage());
            } catch (IOException e) {
                throw new CheckpointStorageException("storage error reading " + io.uri(folder + "/" + entry.getKey()),
                        e);
            }
            long size = entry.getValue().path("size").asLong(-1);
            if (content.length != size) {
                throw new CheckpointException(where + ": " + entry.getKey() + " has " + content.length
                        + " bytes, the manifest says " + size);
            }
            if (!Sha256.hex(content).equals(entry.getValue().path("sha256").asText())) {
                throw new CheckpointException(where + ": " + entry.getKey() + " does not match its SHA-256");
            }
            files.put(entry.getKey(), content);
        }
        if (files.isEmpty()) {
            throw new CheckpointException(where + ": the manifest lists no files");
        }
        return files;
    }
}
