package org.sparklstm.job.cli;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.sparklstm.core.checkpoint.HadoopCheckpointStore;
import picocli.CommandLine.Option;

/** The {@code --checkpoint URI} option shared by the commands that read a model. */
final class CheckpointOption {
    @Option(names = "--checkpoint", required = true, paramLabel = "URI",
            description = "a run root (its newest valid checkpoint is used) or one checkpoint folder")
    String checkpoint;

    /**
     * @param conf Hadoop configuration (credentials, endpoints)
     * @return where the option points
     * @throws IOException if the filesystem cannot be reached
     */
    HadoopCheckpointStore.Location locate(Configuration conf) throws IOException {
        return HadoopCheckpointStore.locate(URI.create(checkpoint), conf);
    }
}
