package org.sparklstm.job.cli;

import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.sparklstm.core.checkpoint.CheckpointInfo;
import org.sparklstm.core.checkpoint.CheckpointStore;
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.core.bundle.ModelBundle;
import org.sparklstm.core.run.RunLayout;
import org.sparklstm.job.report.RunReport;
import org.sparklstm.core.run.RunFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code report}: rebuilds a run's report from what the run wrote. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Rebuild <run>/report/index.html and its plots from metrics.jsonl, data-report.json and the "
                + "newest checkpoint's configuration; runs without Spark.")
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CheckpointOption checkpoint;

    @Override
    public Integer call() throws IOException {
        CheckpointStore store = checkpoint.locate().store();
        int evaluations = rebuild(store, checkpoint.hadoop());
        spec.commandLine().getOut().println("Report with " + evaluations + " evaluation(s): " + store.runRoot() + "/"
                + RunLayout.REPORT_INDEX);
        return ExitCode.OK.code();
    }

    /**
     * Rebuilds a run's report with the configuration of its newest valid checkpoint.
     *
     * @param store the run's checkpoints
     * @param hadoop Hadoop configuration
     * @return the number of evaluations the report shows
     * @throws IOException if the run's files cannot be read or the report written
     */
    static int rebuild(CheckpointStore store, Configuration hadoop) throws IOException {
        RunFiles files = new RunFiles(store.runRoot(), hadoop);
        Map<String, String> config = new LinkedHashMap<>();
        List<CheckpointInfo> valid = store.list().stream().filter(CheckpointInfo::valid).toList();
        if (!valid.isEmpty()) {
            String text = files.readOrEmpty(RunLayout.CHECKPOINTS + "/"
                    + valid.get(valid.size() - 1).name() + "/" + ModelBundle.CONFIG_FILE);
            config.putAll(TrainingConfig.readProperties(new StringReader(text)));
        }
        return new RunReport(files).write(config);
    }
}
