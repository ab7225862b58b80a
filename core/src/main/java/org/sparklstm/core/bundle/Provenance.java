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
 * @param createdAt when the checkpoint was written (ISO-8601)
 * @param projectVersion this project's version
 * @param dl4jVersion Deeplearning4j's version
 * @param sparkVersion Spark's version at build time
 * @param javaVersion the JVM that wrote the checkpoint
 */
public record Provenance(
        @JsonProperty("corpus") List<String> corpus,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("project_version") String projectVersion,
        @JsonProperty("dl4j_version") String dl4jVersion,
        @JsonProperty("spark_version") String sparkVersion,
        @JsonProperty("java_version") String javaVersion) {

    /**
     * @param corpus the corpus paths the run was given
     * @return the provenance of a checkpoint written now by this build
     */
    public static Provenance now(List<String> corpus) {
        Properties build = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream("/org/sparklstm/core/build.properties")) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Provenance(List.copyOf(corpus), Instant.now().toString(),
                build.getProperty("project.version", "unknown"), build.getProperty("dl4j.version", "unknown"),
                build.getProperty("spark.version", "unknown"), System.getProperty("java.version"));
    }
}
