package org.sparklstm.job.cli;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.sparklstm.core.checkpoint.CheckpointStore;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What the commands that read a run share: {@code --checkpoint URI}, {@code --conf} and {@code -v}.
 */
final class CheckpointOption {
    @Mixin
    ConfOptions conf;

    @Mixin
    VerbosityOption verbosity;

    @Option(names = "--checkpoint", required = true, paramLabel = "URI",
            description = "a run root (its newest valid checkpoint is used) or one checkpoint folder")
    String checkpoint;

    /** @return the Hadoop configuration with the {@code --conf} settings */
    Configuration hadoop() {
        return conf.hadoop();
    }

    /**
     * @return where the option points
     * @throws IOException if the filesystem cannot be reached
     */
    CheckpointStore.Location locate() throws IOException {
        return CheckpointStore.locate(URI.create(checkpoint), hadoop());
    }
}
