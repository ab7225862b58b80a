package org.sparklstm.job.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class ContainerMemoryTest {
    private static SparkConf yarn(String... settings) {
        SparkConf conf = new SparkConf(false).set("spark.master", "yarn");
        for (int i = 0; i < settings.length; i += 2) {
            conf.set(settings[i], settings[i + 1]);
        }
        return conf;
    }

    @Test
    void anOverheadBelowNd4jsOffHeapLimitIsReportedWithTheSizeThatHolds() {
        ContainerMemory memory = executors(yarn("spark.executor.memory", "1g",
                "spark.executor.memoryOverhead", "384m",
                "spark.executor.extraJavaOptions", "-Dorg.bytedeco.javacpp.maxbytes=2g -Dother=1"));
        assertEquals(2048 + 512, memory.neededOverheadMb());
        String warning = memory.shortfall().orElseThrow();
        assertTrue(warning.contains("raise spark.executor.memoryOverhead from 384m to at least 2560m"), warning);
        assertTrue(warning.contains("spark.executor.memory, 1024m"), warning);
    }

    @Test
    void submitShsOverheadHoldsAndSparksDefaultOverheadIsAtLeast384m() {
        assertTrue(executors(yarn("spark.executor.memoryOverhead", "2560m",
                "spark.executor.extraJavaOptions", "-Dorg.bytedeco.javacpp.maxbytes=2g")).shortfall().isEmpty());
        // No overhead set: Spark's max(384m, 10% of the heap); no maxbytes: ND4J may use as much as the heap
        ContainerMemory defaults = executors(yarn("spark.executor.memory", "8g"));
        assertTrue(defaults.shortfall().orElseThrow().contains("from 819m to at least 8704m"),
                defaults.shortfall().get());
    }

    @Test
    void unsizedExecutorsNeverWarn() {
        SparkConf standalone = yarn("spark.executor.memoryOverhead", "384m").set("spark.master", "spark://h:7077");
        assertTrue(executors(standalone).shortfall().isEmpty());
        assertTrue(executors(standalone.set("spark.master", "local[2]")).shortfall().isEmpty());
    }

    @Test
    void aClusterModeDriversContainerIsCheckedWithItsOwnSettingsAndAClientModeDriverIsNot() {
        SparkConf conf = yarn("spark.driver.memory", "1g", "spark.driver.extraJavaOptions",
                "-Dorg.bytedeco.javacpp.maxbytes=2g", "spark.submit.deployMode", "cluster");
        String warning = ContainerMemory.of(conf, ContainerMemory.Role.DRIVER).shortfall().orElseThrow();
        assertTrue(warning.startsWith("the driver may be killed"), warning);
        assertTrue(warning.contains("raise spark.driver.memoryOverhead from 384m to at least 2560m"), warning);
        assertTrue(warning.contains("SPARK_LSTM_DRIVER_OFFHEAP + 512m"), warning);
        assertTrue(executors(conf).shortfall().isPresent(), "executors default to maxbytes = heap: 1g > 384m");
        assertTrue(ContainerMemory.of(conf.set("spark.submit.deployMode", "client"), ContainerMemory.Role.DRIVER)
                .shortfall().isEmpty(), "a client-mode driver runs outside YARN's containers");
    }

    private static ContainerMemory executors(SparkConf conf) {
        return ContainerMemory.of(conf, ContainerMemory.Role.EXECUTOR);
    }

    @Test
    void sparksReasonsForAContainerKilledOverItsMemoryAreRecognisedAndOthersAreNot() {
        // As Spark 3.5's YarnAllocator words a container the NodeManager killed (exit status -104)
        assertTrue(ContainerMemory.killedForMemory("Container killed by YARN for exceeding physical memory limits. "
                + "1.6 GB of 1.4 GB physical memory used. Consider boosting spark.executor.memoryOverhead."));
        assertTrue(ContainerMemory.killedForMemory("The executor with id 3 exited with exit code 137(SIGKILL, "
                + "possible container OOM). ... reason: OOMKilled"));
        assertFalse(ContainerMemory.killedForMemory("Container from a bad node: container_1_0001_01_000002 on host: "
                + "localhost. Exit status: 137. Diagnostics: Container killed on request. Exit code is 137"));
        assertFalse(ContainerMemory.killedForMemory(null));
    }
}
