package org.sparklstm.job.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.junit.jupiter.api.Test;
import org.sparklstm.job.cluster.ContainerMemory;
import org.sparklstm.job.cluster.ContainerMemoryException;

class ExecutorUsageTest {
    /** Spark 3.5's reason for an executor whose container YARN's NodeManager killed over its physical memory. */
    private static final String KILLED = "Container killed by YARN for exceeding physical memory limits. 1.6 GB of "
            + "1.4 GB physical memory used. Consider boosting spark.executor.memoryOverhead.";
    private static final String SIGKILLED = "Container from a bad node: container_1_0001_01_000003 on host: localhost. "
            + "Exit status: 137. Diagnostics: Container killed on request. Exit code is 137";

    private final AtomicInteger stops = new AtomicInteger();
    private final ExecutorUsage usage = new ExecutorUsage(ContainerMemory.of(new SparkConf(false)
            .set("spark.master", "yarn").set("spark.executor.memoryOverhead", "384m")
            .set("spark.executor.extraJavaOptions", "-Dorg.bytedeco.javacpp.maxbytes=2g"), ContainerMemory.Role.EXECUTOR),
            stops::incrementAndGet);

    private void removed(String id, String reason) {
        usage.onExecutorRemoved(new SparkListenerExecutorRemoved(System.currentTimeMillis(), id, reason));
    }

    @Test
    void theSecondExecutorKilledForMemoryStopsTheRunAndExplainsItsFailure() {
        removed("1", SIGKILLED);
        removed("2", KILLED);
        removed("2", KILLED); // Spark may report one removal twice
        assertEquals(0, stops.get(), "one kill, reported twice, may be a spike");
        removed("3", KILLED);
        assertEquals(1, stops.get(), "a second executor killed for memory stops the run");
        removed("4", KILLED);
        assertEquals(1, stops.get(), "stopped once");

        SparkException failure = new SparkException("Job 5 cancelled as part of cancellation of all jobs");
        ContainerMemoryException e = usage.killedForMemory(failure).orElseThrow();
        assertSame(failure, e.getCause());
        assertTrue(e.getMessage().startsWith("the cluster killed 3 executor(s) for exceeding their container's "
                + "memory (last: " + KILLED + "): raise spark.executor.memoryOverhead from 384m to at least 2560m"),
                e.getMessage());
        assertEquals(4, usage.toJson().get("lost").size(), "each lost executor once: " + usage.toJson());
    }

    @Test
    void executorsLostForOtherReasonsNeitherStopNorExplainAFailure() {
        removed("1", SIGKILLED);
        removed("2", "Executor Process Lost");
        assertEquals(0, stops.get());
        assertTrue(usage.killedForMemory(new SparkException("stage failure")).isEmpty());
    }
}
