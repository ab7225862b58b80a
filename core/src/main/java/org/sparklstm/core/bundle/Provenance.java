package org.sparklstm.core.bundle;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

/**
 * What produced a model: the data, the software versions and when.
 *
 * @param corpus the corpus paths the run was given
 * @param corpusDigest SHA-256 of the corpus listing: each file's path, size and modification time (null in
 *                     bundles older than format 2)
 * @param seed the run's seed
 * @param gitCommit the commit this build was made from ("unknown" outside a git checkout; "-dirty" appended if
 *                  the working tree had changes)
 * @param createdAt when the checkpoint was written (ISO-8601)
 * @param projectVersion this project's version
 * @param dl4jVersion Deeplearning4j's version
 * @param sparkVersion Spark's version at build time
 * @param javaVersion the JVM that wrote the checkpoint
 */
public record Provenance(
        @JsonProperty("corpus") List<String> corpus,
        @JsonProperty("corpus_digest") String corpusDigest,
        @JsonProperty("seed") long seed,
        @JsonProperty("git_commit") String gitCommit,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("project_version") String projectVersion,
        @JsonProperty("dl4j_version") String dl4jVersion,
        @JsonProperty("spark_version") String sparkVersion,
        @JsonProperty("java_version") String javaVersion) {

    /**
     * @param corpus the corpus paths the run was given
     * @param corpusDigest SHA-256 of the corpus listing
     * @param seed the run's seed
     * @return the provenance of a checkpoint written now by this build
     */
    public static Provenance now(List<String> corpus, String corpusDigest, long seed) {
        Properties build = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream("/org/sparklstm/core/build.properties")) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String commit = build.getProperty("git.commit", "");
        if (commit.isEmpty() || commit.startsWith("${")) {
            commit = "unknown";
        } else if ("true".equals(build.getProperty("git.dirty"))) {
            commit += "-dirty";
        }
        return new Provenance(List.copyOf(corpus), corpusDigest, seed, commit, Instant.now().toString(),
                build.getProperty("project.version", "unknown"), build.getProperty("dl4j.version", "unknown"),
                build.getProperty("spark.version", "unknown"), System.getProperty("java.version"));
    }
}
