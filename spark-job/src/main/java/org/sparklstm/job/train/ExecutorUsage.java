package org.sparklstm.job.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.TaskInfo;

/**
 * Counts, on the driver, the tasks each executor ran and the executors lost, so a run can say at its end how many
 * executors took part and how the work was spread.
 */
public final class ExecutorUsage extends SparkListener {
    private final Map<String, Executor> executors = new TreeMap<>();
    private final List<String> lost = new ArrayList<>();

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
        lost.add(removed.executorId() + " (" + removed.reason() + ")");
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
                + (lost.isEmpty() ? "" : "; lost: " + String.join(", ", lost));
    }

    /** @return the same as JSON: {@code {"executors":[{"id","host","tasks","failed_tasks","task_seconds"}],
     *          "lost":[]}} */
    public synchronized ObjectNode toJson() {
        ObjectNode root = new ObjectMapper().createObjectNode();
        ArrayNode list = root.putArray("executors");
        executors.forEach((id, e) -> list.addObject().put("id", id).put("host", e.host).put("tasks", e.succeeded)
                .put("failed_tasks", e.failed).put("task_seconds", e.seconds));
        ArrayNode gone = root.putArray("lost");
        lost.forEach(gone::add);
        return root;
    }
}
