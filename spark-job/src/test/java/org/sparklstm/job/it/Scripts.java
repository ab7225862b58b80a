package org.sparklstm.job.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The repository's scripts as the integration tests run them: with a test's own state folder, never rebuilding. */
final class Scripts {
    private static final Path FOLDER = Path.of("../scripts").toAbsolutePath().normalize();

    private Scripts() {
    }

    /**
     * @param home the state folder ({@code SPARK_LSTM_HOME})
     * @param log where the script's output goes
     * @param name the script
     * @param args its arguments
     * @return a process builder for it, with no Spark installation (the jars-only Spark the scripts assemble) and no
     *         rebuild (Maven is running the test)
     */
    static ProcessBuilder script(Path home, Path log, String name, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", FOLDER.resolve(name).toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("SPARK_LSTM_HOME", home.toString());
        env.put("SPARK_LSTM_NO_BUILD", "1");
        env.remove("SPARK_HOME");
        env.remove("HADOOP_CONF_DIR");
        return pb;
    }
}
