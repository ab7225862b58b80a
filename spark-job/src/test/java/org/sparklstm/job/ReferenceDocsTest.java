package org.sparklstm.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.sparklstm.core.config.ConfigParam;
import org.sparklstm.core.config.KeyGroup;
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.job.cli.ExitCode;
import picocli.CommandLine;

/**
 * The reference pages that restate code are generated from it: {@code docs/configuration.md} from the registry of
 * configuration keys, {@code docs/command-line.md} from picocli's own usage text, the README's exit-code table
 * from {@link ExitCode}. This test fails when a page is
 * stale; {@code scripts/docs.sh} (this test with {@code -Ddocs.update=true}) rewrites them.
 */
class ReferenceDocsTest {
    private static final Path DOCS = Path.of("..", "docs");
    private static final String EXIT_CODES_START = "<!-- exit-codes -->";
    private static final String EXIT_CODES_END = "<!-- /exit-codes -->";

    @Test
    void theConfigurationPageIsTheKeyRegistry() throws IOException {
        check("configuration.md", configuration());
    }

    @Test
    void theCommandLinePageIsPicocliUsage() throws IOException {
        check("command-line.md", commandLine());
    }

    @Test
    void theReadmesExitCodeTableIsExitCodesList() throws IOException {
        Path readme = DOCS.resolve("../README.md");
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int start = text.indexOf(EXIT_CODES_START) + EXIT_CODES_START.length();
        int end = text.indexOf(EXIT_CODES_END);
        StringBuilder table = new StringBuilder("\n| code | meaning |\n|---|---|\n");
        ExitCode.list().forEach((code, meaning) -> table.append("| ").append(code).append(" | ")
                .append(meaning.replaceAll("(--[a-z-]+( [a-z]+)?|train --restart)", "`$1`")).append(" |\n"));
        if (Boolean.getBoolean("docs.update")) {
            Files.writeString(readme, text.substring(0, start) + table + text.substring(end), StandardCharsets.UTF_8);
            text = Files.readString(readme, StandardCharsets.UTF_8);
            end = text.indexOf(EXIT_CODES_END);
        }
        assertEquals(table.toString(), text.substring(start, end),
                "README.md's exit-code table is stale: run scripts/docs.sh and commit the result");
    }

    private static void check(String page, String generated) throws IOException {
        Path file = DOCS.resolve(page);
        if (Boolean.getBoolean("docs.update")) {
            Files.writeString(file, generated, StandardCharsets.UTF_8);
        }
        String onDisk = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        assertEquals(generated, onDisk, "docs/" + page + " is stale: run scripts/docs.sh and commit the result");
    }

    static String configuration() {
        StringBuilder md = new StringBuilder("""
                # Configuration

                <!-- Generated from TrainingConfig.GROUPS by scripts/docs.sh; ReferenceDocsTest fails when stale. -->

                Every key is an option of `train`, `retrain` and `compare` (`--hidden-size 256`) and a line of a
                properties file (`--config run.properties`, one `hidden-size=256` per line). Options override the
                file, the file overrides the defaults. An unknown key or a value out of range exits 2, naming the key
                and what it allows. `train --print-config` prints the effective configuration, each value with its
                source, and exits. The effective configuration is saved in every checkpoint.

                On resume (`train` on a root with checkpoints, or `retrain` resuming a generation): keys marked
                *free* may change; *architecture* keys are taken from the checkpoint (and fine-tuning with `--from`
                takes them from the model it starts from); every other key decides the data order or the split, is
                taken from the checkpoint when left out, and a different value exits 2 naming the key, the saved and
                the new value.
                """);
        for (KeyGroup group : TrainingConfig.GROUPS) {
            md.append("\n## ").append(group.title()).append("\n\n")
                    .append(Character.toUpperCase(group.description().charAt(0)))
                    .append(group.description().substring(1)).append(".\n\n")
                    .append("| key | default | allowed | on resume | meaning |\n|---|---|---|---|---|\n");
            for (ConfigParam<?> p : group.keys()) {
                String resume = TrainingConfig.FREE_ON_RESUME.contains(p) ? "free"
                        : TrainingConfig.ARCHITECTURE.contains(p) ? "architecture" : "must match";
                md.append("| `").append(p.name()).append("` | ").append(p.defaultText()).append(" | ")
                        .append(p.allowedText()).append(" | ").append(resume).append(" | ")
                        .append(p.description().replace("|", "\\|")).append(" |\n");
            }
        }
        return md.toString();
    }

    static String commandLine() {
        CommandLine cli = SparkLstm.commandLine();
        StringBuilder md = new StringBuilder("""
                # Command line

                <!-- Generated from the picocli commands by scripts/docs.sh; ReferenceDocsTest fails when stale. -->

                `scripts/spark-lstm <command> [options]` runs a command locally; under `spark-submit` the same
                commands follow the application jar (see [operations](operations.md)). The training commands also take
                every key of the [configuration](configuration.md) as an option.

                """);
        md.append("```text\n").append(cli.getUsageMessage(CommandLine.Help.Ansi.OFF)).append("```\n");
        cli.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                md.append("\n## ").append(name).append("\n\n```text\n")
                        .append(sub.getUsageMessage(CommandLine.Help.Ansi.OFF)).append("```\n");
            }
        });
        return md.toString();
    }
}
