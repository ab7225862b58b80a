package org.sparklstm.job.cli;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
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
        Configuration hadoop = checkpoint.hadoop();
        CheckpointStore store = checkpoint.locate().store();
        URI root = store.runRoot();
        RunFiles files = new RunFiles(root, hadoop);
        Map<String, String> config = new LinkedHashMap<>();
        List<CheckpointInfo> valid = store.list().stream().filter(CheckpointInfo::valid).toList();
        if (!valid.isEmpty()) {
            String text = files.readOrEmpty(RunLayout.CHECKPOINTS + "/"
                    + valid.get(valid.size() - 1).name() + "/" + ModelBundle.CONFIG_FILE);
            config.putAll(TrainingConfig.readProperties(new StringReader(text)));
        }
        int evaluations = new RunReport(files).write(config);
        spec.commandLine().getOut().println("Report with " + evaluations + " evaluation(s): " + root + "/"
                + RunLayout.REPORT_INDEX);
        return ExitCode.OK.code();
    }
}
