package org.sparklstm.job.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.sparklstm.core.checkpoint.CheckpointInfo;
import org.sparklstm.core.checkpoint.CheckpointStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code inspect}: describes a run's checkpoints, as a table or as JSON. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Describe the run's checkpoints: each one's iteration, epochs done, validation loss, size, "
                + "and whether it is valid (every file matches its manifest) and published.")
public final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CheckpointOption checkpoint;

    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    @Override
    public Integer call() throws IOException {
        CheckpointStore store = checkpoint.locate().store();
        List<CheckpointInfo> infos = store.list();
        if (!json) {
            PrintWriter out = spec.commandLine().getOut();
            out.println("Checkpoints in " + store.uri() + ":");
            out.printf(Locale.ROOT, "%-28s %10s %6s %10s %8s  %s%n", "name", "iteration", "epochs", "val bits",
                    "MB", "status");
            for (CheckpointInfo c : infos) {
                out.printf(Locale.ROOT, "%-28s %10d %6d %10.4f %8.1f  %s%n", c.name(), c.iteration(), c.epoch(),
                        c.valBitsPerToken(), c.bytes() / 1e6,
                        c.valid() ? "valid" + (c.published() ? ", published" : "") + (c.best() ? ", the run's model (best)" : "")
                                : "INVALID: " + c.problem());
            }
            return ExitCode.OK.code();
        }
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode out = mapper.createObjectNode();
        out.put("checkpoints_uri", store.uri().toString());
        out.put("count", infos.size());
        out.put("valid", infos.stream().filter(CheckpointInfo::valid).count());
        out.set("checkpoints", mapper.valueToTree(infos));
        spec.commandLine().getOut().println(mapper.writeValueAsString(out));
        return ExitCode.OK.code();
    }
}
