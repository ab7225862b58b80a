package org.sparklstm.core.checkpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One checkpoint as {@code inspect} shows it.
 *
 * @param name the checkpoint's folder name
 * @param uri its full location
 * @param valid whether every file matches the manifest
 * @param problem why it is not valid (null when valid)
 * @param published whether the pointer names it
 * @param best whether it is the run's model ({@link CheckpointStore#loadModel()})
 * @param epoch the epoch in progress when it was written (-1 if unreadable)
 * @param iteration the iteration count when it was written (-1 if unreadable)
 * @param valBitsPerToken the last validation bits per token then
 * @param bytes the checkpoint's total size
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckpointInfo(
        @JsonProperty("name") String name,
        @JsonProperty("uri") String uri,
        @JsonProperty("valid") boolean valid,
        @JsonProperty("problem") String problem,
        @JsonProperty("published") boolean published,
        @JsonProperty("best") boolean best,
        @JsonProperty("epoch") int epoch,
        @JsonProperty("iteration") long iteration,
        @JsonProperty("val_bits_per_token") double valBitsPerToken,
        @JsonProperty("bytes") long bytes) {
}
