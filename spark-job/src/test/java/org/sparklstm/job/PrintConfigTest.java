package org.sparklstm.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --print-config} shows every value with where it came from, and trains nothing. */
class PrintConfigTest {
    @TempDir
    Path tmp;

    @Test
    void eachValueShowsItsSource() throws IOException {
        Path file = Files.writeString(tmp.resolve("run.properties"), "epochs=3\nhidden-size=32\n");
        CliRunner.Outcome o = CliRunner.run("train", "--corpus", TrainSampleEvaluateTest.MOBY_DICK, "--config",
                file.toString(), "--hidden-size", "64", "--output", tmp.resolve("run").toString(), "--print-config");
        assertEquals(0, o.exitCode(), o.err());
        assertLine(o.out(), "epochs", "3", file.toString());
        assertLine(o.out(), "hidden-size", "64", "command line");
        assertLine(o.out(), "layers", "2", "default");
        assertTrue(!Files.exists(tmp.resolve("run")), "nothing was trained");
    }

    private static void assertLine(String out, String key, String value, String source) {
        assertTrue(Pattern.compile("(?m)^" + Pattern.quote(key) + "\\s+=\\s+" + Pattern.quote(value) + "\\s+\\["
                + Pattern.quote(source) + "\\]").matcher(out).find(), key + " = " + value + " [" + source + "]:\n"
                + out);
    }
}
