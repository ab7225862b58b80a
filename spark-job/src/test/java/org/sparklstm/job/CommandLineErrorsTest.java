package org.sparklstm.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;
import org.sparklstm.core.checkpoint.RunLease;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad options, configuration files and inputs end with the documented exit code and a message naming them. */
class CommandLineErrorsTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void noUi() {
        System.setProperty("spark.ui.enabled", "false");
    }

    private CliRunner.Outcome train(String... extra) {
        String[] args = new String[extra.length + 5];
        args[0] = "train";
        args[1] = "--master";
        args[2] = "local[2]";
        args[3] = "--output";
        args[4] = tmp.resolve("run").toString();
        System.arraycopy(extra, 0, args, 5, extra.length);
        return CliRunner.run(args);
    }

    private static void assertUsage(CliRunner.Outcome o, String named) {
        assertEquals(2, o.exitCode(), o.err());
        assertTrue(o.err().contains(named), "message names " + named + ": " + o.err());
    }

    @Test
    void negativeEpochsUnknownModelAndMissingCorpusExit2() {
        assertUsage(train("--corpus", TrainSampleEvaluateTest.MOBY_DICK, "--epochs", "-1"), "--epochs");
        assertUsage(train("--corpus", TrainSampleEvaluateTest.MOBY_DICK, "--model", "transformer"), "--model");
        assertUsage(train("--corpus", tmp.resolve("no-such-corpus.txt").toString()), "no-such-corpus.txt");
        assertUsage(train("--corpus", TrainSampleEvaluateTest.MOBY_DICK, "--max-minutes", "soon"), "--max-minutes");
        assertUsage(train("--corpus", TrainSampleEvaluateTest.MOBY_DICK, "--no-such-option"), "--no-such-option");
    }

    @Test
    void configFileWithUnknownKeyOrNegativeLearningRateExits2NamingTheKey() throws IOException {
        Path unknown = Files.writeString(tmp.resolve("unknown.properties"), "epochs=2\nlearnig-rate=0.1\n");
        assertUsage(train("--corpus", TrainSampleEvaluateTest.MOBY_DICK, "--config", unknown.toString()),
                "learnig-rate");
        Path negative = Files.writeString(tmp.resolve("negative.properties"), "learning-rate=-0.5\n");
        assertUsage(train("--corpus", TrainSampleEvaluateTest.MOBY_DICK, "--config", negative.toString()),
                "learning-rate");
    }

    @Test
    void aCorpusFileThatIsNotUtf8Exits3NamingTheFileWhenThePolicyIsFail() throws IOException {
        Path latin1 = tmp.resolve("latin1.txt");
        Files.write(latin1, "Caf\u00e9 cr\u00e8me, na\u00efve fa\u00e7ade".getBytes("ISO-8859-1"));
        CliRunner.Outcome o = train("--corpus", latin1.toString(), "--max-iterations", "1", "--on-bad-input", "fail");
        assertEquals(3, o.exitCode(), o.err());
        assertTrue(o.err().contains("latin1.txt") && o.err().contains("invalid UTF-8"), o.err());
    }

    @Test
    void aSecondRunOnALeasedOutputExits6NamingTheHolder() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("run"));
        try (RunLease held = RunLease.acquire(root.toUri(), new Configuration(), Duration.ofMinutes(5))) {
            CliRunner.Outcome o = train("--corpus", TrainSampleEvaluateTest.MOBY_DICK, "--max-iterations", "1");
            assertEquals(6, o.exitCode(), o.err());
            assertTrue(o.err().contains("another run holds the lease") && o.err().contains("pid "
                    + ProcessHandle.current().pid()), o.err());
            held.verify();
        }
    }

    @Test
    void sampleFromAMissingRunExits4() {
        CliRunner.Outcome o = CliRunner.run("sample", "--checkpoint", tmp.resolve("nothing-here").toString());
        assertEquals(4, o.exitCode(), o.err());
        assertTrue(o.err().contains("nothing-here"), o.err());
    }
}
