package org.sparklstm.job.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.TaskInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparklstm.job.cluster.ContainerMemory;
import org.sparklstm.job.cluster.ContainerMemoryException;

/**
 * Counts, on the driver, the tasks each executor ran and the executors lost, so a run can say at its end how many
 * executors took part and how the work was spread. An executor whose container was killed for exceeding its memory
 * is logged at once with the setting to raise; a second one stops the run (its Spark jobs are cancelled): one kill
 * may be a spike that a replacement survives, two are the settings, and Spark alone would go on replacing and
 * losing executors until its own limits (up to twice the executors) ran out.
 */
public final class ExecutorUsage extends SparkListener {
    private static final Logger LOG = LoggerFactory.getLogger("org.sparklstm.train");

    /** Containers killed for memory after which the run stops. */
    static final int KILLS_THAT_STOP = 2;

    private final ContainerMemory memory;
    private final Runnable stop;
    private final Map<String, Executor> executors = new TreeMap<>();
    /** Why each lost executor was removed, by id (Spark may report a removal more than once). */
    private final Map<String, String> lost = new LinkedHashMap<>();
    private final List<String> killedForMemory = new ArrayList<>();

    /**
     * @param memory the executors' container memory, to explain a kill
     * @param stop what stops the run's Spark jobs
     */
    public ExecutorUsage(ContainerMemory memory, Runnable stop) {
        this.memory = memory;
        this.stop = stop;
    }

    /** Tasks one executor ran. */
    private static final class Executor {
        private final String host;
        private long succeeded;
        private long failed;
        private double seconds;

        Executor(String host) {
            this.host = host;
        }
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        TaskInfo info = taskEnd.taskInfo();
        Executor e = executors.computeIfAbsent(info.executorId(), id -> new Executor(info.host()));
        if (info.successful()) {
            e.succeeded++;
        } else {
            e.failed++;
        }
        e.seconds += info.duration() / 1000.0;
    }

    @Override
    public synchronized void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
        if (lost.putIfAbsent(removed.executorId(), removed.reason()) == null
                && ContainerMemory.killedForMemory(removed.reason())) {
            killedForMemory.add(removed.reason());
            LOG.warn("Executor {} was killed for exceeding its container's memory ({}): {}", removed.executorId(),
                    removed.reason(), memory.advice());
            if (killedForMemory.size() == KILLS_THAT_STOP) {
                LOG.error("{} executors were killed for exceeding their container's memory: stopping the run",
                        KILLS_THAT_STOP);
                stop.run();
            }
        }
    }

    /**
     * @param failure how training failed
     * @return the failure explained by the executors killed for exceeding their memory, if any were
     */
    public synchronized Optional<ContainerMemoryException> killedForMemory(Exception failure) {
        return killedForMemory.isEmpty() ? Optional.empty() : Optional.of(memory.failure(killedForMemory.size(),
                killedForMemory.get(killedForMemory.size() - 1), failure));
    }

    private List<String> lostList() {
        List<String> list = new ArrayList<>();
        lost.forEach((id, reason) -> list.add(id + " (" + reason + ")"));
        return list;
    }

    /** @return how many executors ran at least one task */
    public synchronized int executorsUsed() {
        return (int) executors.values().stream().filter(e -> e.succeeded + e.failed > 0).count();
    }

    /** @return one line: the executors that ran tasks, their share, and those lost */
    public synchronized String summary() {
        long total = executors.values().stream().mapToLong(e -> e.succeeded).sum();
        List<String> parts = new ArrayList<>();
        executors.forEach((id, e) -> parts.add(String.format(Locale.ROOT,
                "executor %s on %s: %d tasks (%.0f%%, %.0f s)%s", id, e.host, e.succeeded, total == 0 ? 0 : 100.0 * e.succeeded / total, e.seconds,
                e.failed == 0 ? "" : ", " + e.failed + " failed")));
        return executorsUsed() + " executor(s) ran tasks: " + String.join("; ", parts)
                + (lost.isEmpty() ? "" : "; lost: " + String.join(", ", lostList()));
    }

    /** @return the same as JSON: {@code {"executors":[{"id","host","tasks","failed_tasks","task_seconds"}],
     *          "lost":[]}} */
    public synchronized ObjectNode toJson() {
        ObjectNode root = new ObjectMapper().createObjectNode();
        ArrayNode list = root.putArray("executors");
        executors.forEach((id, e) -> list.addObject().put("id", id).put("host", e.host).put("tasks", e.succeeded)
                .put("failed_tasks", e.failed).put("task_seconds", e.seconds));
        ArrayNode gone = root.putArray("lost");
        lostList().forEach(gone::add);
        return root;
    }
}
