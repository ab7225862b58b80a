package org.sparklstm.job.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparklstm.datasets.corpus.CorpusFormat;
import org.sparklstm.job.data.Compression;
import org.sparklstm.job.data.FileDigests;
import org.sparklstm.job.data.FileRange;
import org.sparklstm.job.data.FileSlice;

/**
 * What a retraining generation trains, exactly: byte ranges of corpus files, recorded in its {@code retrain.json}
 * with the SHA-256 of each file as far as its range reaches. Against the newest record of each file among the
 * finished generations, a file is
 * <ul>
 *   <li>unchanged (same size, same digest): not trained again, whatever its modification time says;</li>
 *   <li>appended (longer, and its first bytes still have the recorded digest), for uncompressed text: only the
 *       appended bytes are trained;</li>
 *   <li>new or replaced (anything else, including a copy with the old size and modification time): trained
 *       whole.</li>
 * </ul>
 * Records written before these ranges (path, size and modification time only) are compared by those.
 */
final class RetrainPlan {
    private static final Logger LOG = LoggerFactory.getLogger("org.sparklstm.retrain");
    private static final ObjectMapper JSON = new ObjectMapper();

    private RetrainPlan() {
    }

    /**
     * @param record a generation's record
     * @return whether it records byte ranges (else it is an older record of whole files)
     */
    static boolean hasRanges(JsonNode record) {
        JsonNode files = record.path("files");
        return files.size() > 0 && files.get(0).has("end");
    }

    /**
     * @param record a generation's record with ranges
     * @return its slices, in order
     */
    static List<FileSlice> slices(JsonNode record) {
        List<FileSlice> slices = new ArrayList<>();
        for (JsonNode f : record.path("files")) {
            slices.add(new FileSlice(f.path("path").asText(), f.path("start").asLong(), f.path("end").asLong(),
                    f.path("prefix_sha256").asText()));
        }
        return slices;
    }

    /**
     * @param sc the Spark context (the digests are computed on the executors)
     * @param slices a generation's slices
     * @return why they cannot be trained exactly as recorded (a file gone, or changed within its range), or null
     */
    static String changedSince(JavaSparkContext sc, List<FileSlice> slices) {
        List<FileDigests.Request> requests = slices.stream().map(s -> new FileDigests.Request(s.path(), s.end()))
                .toList();
        List<FileDigests.Result> results = FileDigests.compute(sc, requests);
        for (int i = 0; i < slices.size(); i++) {
            FileDigests.Result r = results.get(i);
            if (r.problem() != null) {
                return slices.get(i).path() + " was deleted or cannot be read (" + r.problem() + ")";
            }
            if (!slices.get(i).prefixSha256().equals(r.prefix(slices.get(i).end()))) {
                return slices.get(i).path() + " changed since it was recorded (its first " + slices.get(i).end()
                        + " bytes no longer have the recorded digest)";
            }
        }
        return null;
    }

    /**
     * @param sc the Spark context
     * @param format the corpus format (only uncompressed text trains appended bytes alone)
     * @param listing the corpus files now
     * @param finished the records of the finished generations, oldest first
     * @return what no finished generation trained, as slices in path order
     */
    static List<FileSlice> fresh(JavaSparkContext sc, CorpusFormat format, List<FileStatus> listing,
                                 List<JsonNode> finished) {
        Map<String, JsonNode> newest = new LinkedHashMap<>();
        for (JsonNode record : finished) {
            record.path("files").forEach(f -> newest.put(f.path("path").asText(), f));
        }
        List<FileDigests.Request> requests = new ArrayList<>();
        for (FileStatus f : listing) {
            JsonNode seen = newest.get(f.getPath().toString());
            requests.add(seen != null && seen.has("end")
                    ? new FileDigests.Request(f.getPath().toString(), seen.path("end").asLong())
                    : new FileDigests.Request(f.getPath().toString()));
        }
        List<FileDigests.Result> digests = FileDigests.compute(sc, requests);
        Compression compression = new Compression(sc.hadoopConfiguration());
        List<FileSlice> slices = new ArrayList<>();
        for (int i = 0; i < listing.size(); i++) {
            FileStatus f = listing.get(i);
            FileDigests.Result now = digests.get(i);
            String path = f.getPath().toString();
            if (now.problem() != null) {
                LOG.warn("Leaving {} for a later call: {}", path, now.problem());
                continue;
            }
            JsonNode seen = newest.get(path);
            FileSlice whole = new FileSlice(path, 0, now.size(), now.whole());
            if (seen == null) {
                slices.add(whole);
            } else if (!seen.has("end")) {
                if (!sameAsRecorded(seen, f)) {
                    slices.add(whole);
                }
            } else {
                long end = seen.path("end").asLong();
                String recorded = seen.path("prefix_sha256").asText();
                boolean appendable = FileRange.splittable(format, compression, f.getPath());
                if (now.size() == end && recorded.equals(now.whole())) {
                    continue;
                }
                if (appendable && now.size() > end && recorded.equals(now.prefix(end))) {
                    slices.add(new FileSlice(path, end, now.size(), now.whole()));
                } else {
                    slices.add(whole);
                }
            }
        }
        return slices;
    }

    /**
     * For an entry of a record of whole files (written before byte ranges were recorded), whose identity was its
     * path, size and modification time.
     *
     * @param entry the recorded file
     * @param now the file as listed now
     * @return whether it is still the file recorded
     */
    static boolean sameAsRecorded(JsonNode entry, FileStatus now) {
        return entry.path("path").asText().equals(now.getPath().toString())
                && entry.path("size").asLong() == now.getLen()
                && entry.path("modified").asLong() == now.getModificationTime();
    }

    /**
     * @param slices what a generation trains
     * @param listing the corpus files as listed for it (their modification times are kept for people reading the
     *                record)
     * @return the record's {@code files} array
     */
    static ArrayNode entries(List<FileSlice> slices, List<FileStatus> listing) {
        Map<String, Long> modified = new LinkedHashMap<>();
        listing.forEach(f -> modified.put(f.getPath().toString(), f.getModificationTime()));
        ArrayNode list = JSON.createArrayNode();
        for (FileSlice s : slices) {
            list.addObject().put("path", s.path()).put("start", s.start()).put("end", s.end())
                    .put("size", s.end()).put("modified", modified.getOrDefault(s.path(), -1L))
                    .put("prefix_sha256", s.prefixSha256());
        }
        return list;
    }
}
