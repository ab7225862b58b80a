package org.sparklstm.job.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import org.sparklstm.core.checkpoint.CheckpointInfo;
import org.sparklstm.core.checkpoint.HadoopCheckpointStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code inspect}: describes a run's checkpoints as JSON. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Print JSON describing the run's checkpoints: each one's iteration, epoch, validation "
                + "loss, and whether it is valid and published.")
public final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CheckpointOption checkpoint;

    @Override
    public Integer call() throws IOException {
        HadoopCheckpointStore store = checkpoint.locate().store();
        List<CheckpointInfo> infos = store.list();
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode out = json.createObjectNode();
        out.put("checkpoints_uri", store.uri().toString());
        out.put("count", infos.size());
        out.put("valid", infos.stream().filter(CheckpointInfo::valid).count());
        out.set("checkpoints", json.valueToTree(infos));
        spec.commandLine().getOut().println(json.writeValueAsString(out));
        return ExitCodes.OK;
    }
}
