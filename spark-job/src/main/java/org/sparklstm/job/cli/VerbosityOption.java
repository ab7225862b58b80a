package org.sparklstm.job.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine.Option;

/** {@code -v}: verbose logging (ours at DEBUG, Spark's and DL4J's at INFO) instead of the quiet default. */
final class VerbosityOption {
    @Option(names = {"-v", "--verbose"}, description = "verbose logging: ours in detail, Spark's and DL4J's at INFO")
    void setVerbose(boolean verbose) {
        if (verbose) {
            Configurator.setRootLevel(Level.INFO);
            Configurator.setLevel("org.sparklstm", Level.DEBUG);
        }
    }
}
