package org.sparklstm.job.cli;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.sparklstm.core.bundle.ModelBundle;
import org.sparklstm.core.checkpoint.HadoopCheckpointStore;
import picocli.CommandLine.Option;

/** The {@code --checkpoint URI} option shared by the commands that read a model. */
final class CheckpointOption {
    @Option(names = "--checkpoint", required = true, paramLabel = "URI",
            description = "a run root (its newest valid checkpoint is used) or one checkpoint folder")
    String checkpoint;

    /**
     * @return where the option points
     * @throws IOException if the filesystem cannot be reached
     */
    HadoopCheckpointStore.Location locate() throws IOException {
        return HadoopCheckpointStore.locate(URI.create(checkpoint), new Configuration());
    }

    /**
     * @return the model the option names, loaded without Spark
     * @throws IOException if it cannot be read
     */
    ModelBundle load() throws IOException {
        return locate().load();
    }
}
