package org.sparklstm.job.cluster;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.network.util.JavaUtils;

/**
 * The memory of an executor's container (or a cluster-mode driver's) as YARN and Kubernetes size it: the heap
 * ({@code spark.executor.memory}) plus the overhead ({@code spark.executor.memoryOverhead}), which must hold ND4J's
 * off-heap memory, limited by {@code org.bytedeco.javacpp.maxbytes} in {@code spark.executor.extraJavaOptions}
 * (without it, ND4J's limit is the heap's size). A container over its size is killed; this class says before
 * training whether that can happen, and after a kill which setting to raise.
 */
public final class ContainerMemory {
    /** The JVM option that limits ND4J's off-heap memory. */
    public static final String OFF_HEAP_OPTION = "org.bytedeco.javacpp.maxbytes";
    /** What {@code scripts/submit.sh} adds to the off-heap limit for the overhead: the JVM's own native memory. */
    static final long NATIVE_MARGIN_MB = 512;
    private static final Pattern MAX_BYTES = Pattern.compile("-D" + Pattern.quote(OFF_HEAP_OPTION) + "=(\\S+)");
    /** The reasons Spark gives for an executor whose container YARN or Kubernetes killed over its memory. */
    private static final Pattern KILLED = Pattern.compile(
            "exceeding (physical|virtual) memory limits|beyond the '(PHYSICAL|VIRTUAL)' memory limit|OOMKilled",
            Pattern.CASE_INSENSITIVE);

    /** Whose container: the settings' prefix and the variable of {@code scripts/submit.sh} that sizes it. */
    public enum Role {
        /** Each executor. */
        EXECUTOR("spark.executor.", "SPARK_LSTM_EXECUTOR_OFFHEAP"),
        /** The driver, which has a container of its own in cluster mode. */
        DRIVER("spark.driver.", "SPARK_LSTM_DRIVER_OFFHEAP");

        private final String prefix;
        private final String variable;

        Role(String prefix, String variable) {
            this.prefix = prefix;
            this.variable = variable;
        }
    }

    private final Role role;
    private final boolean sized;
    private final long heapMb;
    private final long overheadMb;
    private final long offHeapMb;

    private ContainerMemory(Role role, boolean sized, long heapMb, long overheadMb, long offHeapMb) {
        this.role = role;
        this.sized = sized;
        this.heapMb = heapMb;
        this.overheadMb = overheadMb;
        this.offHeapMb = offHeapMb;
    }

    /**
     * @param conf the application's Spark settings
     * @param role whose container
     * @return its container memory, computed as Spark 3.5 computes it; sized when the cluster manager (YARN,
     *         Kubernetes) enforces it: always for executors, in cluster mode for the driver
     */
    public static ContainerMemory of(SparkConf conf, Role role) {
        String master = conf.get("spark.master", "");
        boolean managed = master.startsWith("yarn") || master.startsWith("k8s");
        boolean sized = managed && (role == Role.EXECUTOR || "cluster".equals(conf.get("spark.submit.deployMode",
                "client")));
        long heap = conf.getSizeAsMb(role.prefix + "memory", "1g");
        double factor = conf.getDouble(role.prefix + "memoryOverheadFactor", 0.1);
        long overhead = conf.contains(role.prefix + "memoryOverhead")
                ? conf.getSizeAsMb(role.prefix + "memoryOverhead", "0")
                : Math.max(384, (long) (factor * heap));
        Matcher m = MAX_BYTES.matcher(conf.get(role.prefix + "extraJavaOptions", ""));
        long offHeap = m.find() ? JavaUtils.byteStringAsMb(m.group(1)) : heap;
        return new ContainerMemory(role, sized, heap, overhead, offHeap);
    }

    /**
     * @param reason why Spark says an executor was removed
     * @return whether its container was killed for exceeding its memory
     */
    public static boolean killedForMemory(String reason) {
        return reason != null && KILLED.matcher(reason).find();
    }

    /** @return the overhead that holds ND4J's off-heap limit and the JVM's own native memory, in MB */
    public long neededOverheadMb() {
        return offHeapMb + NATIVE_MARGIN_MB;
    }

    /**
     * @return a warning when executors run in sized containers whose overhead is below ND4J's off-heap limit, so
     *         a container may be killed as training's native memory grows; empty when it holds
     */
    public Optional<String> shortfall() {
        if (!sized || overheadMb >= offHeapMb) {
            return Optional.empty();
        }
        return Optional.of((role == Role.EXECUTOR ? "executors" : "the driver") + " may be killed for exceeding "
                + "the container's memory, as ND4J's off-heap limit is above the overhead: " + advice());
    }

    /** @return which setting to raise, with the current values and the size that holds */
    public String advice() {
        String p = role.prefix;
        return String.format(Locale.ROOT, "raise %smemoryOverhead from %dm to at least %dm. A container holds the "
                + "heap (%smemory, %dm) and the overhead, which must hold ND4J's off-heap memory (up to %dm: -D%s in "
                + "%sextraJavaOptions, else the heap's size) and the JVM's own; scripts/submit.sh sets the overhead "
                + "to %s + %dm", p, overheadMb, neededOverheadMb(), p, heapMb, offHeapMb, OFF_HEAP_OPTION, p,
                role.variable, NATIVE_MARGIN_MB);
    }

    /**
     * @param killed how many executors were killed for memory
     * @param lastReason the last one's reason, as Spark gives it
     * @param cause the failure the kills led to
     * @return the failure, explained
     */
    public ContainerMemoryException failure(int killed, String lastReason, Throwable cause) {
        return new ContainerMemoryException(String.format(Locale.ROOT,
                "the cluster killed %d executor(s) for exceeding their container's memory (last: %s): %s. The "
                        + "checkpoints written so far are kept: the same command resumes from the last one.",
                killed, lastReason, advice()), cause);
    }
}
