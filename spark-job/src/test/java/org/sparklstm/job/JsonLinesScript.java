package org.sparklstm.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs {@code src/test/resources/jsonl/write_jsonl.py} (Debian's python3): a JSON Lines corpus of the King James
 * excerpt's verses as a dump script writes it, with bad rows of every kind, plain, gzipped and bzipped.
 */
public final class JsonLinesScript {
    private JsonLinesScript() {
    }

    /**
     * @param folder where to write {@code verses.jsonl}, its compressed copies and {@code manifest.json}
     * @param repeat how many times the text is written
     * @return the manifest: {@code good_rows}, and {@code bad_rows} by kind
     * @throws IOException if the script cannot run
     * @throws InterruptedException if interrupted
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> write(Path folder, int repeat) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", "src/test/resources/jsonl/write_jsonl.py",
                "src/test/resources/corpora/kjv-excerpt.txt", folder.toString(), String.valueOf(repeat))
                .inheritIO().start();
        assertEquals(0, p.waitFor(), "write_jsonl.py ran");
        return new ObjectMapper().readValue(folder.resolve("manifest.json").toFile(), Map.class);
    }

    /**
     * @param manifest what {@link #write} returned
     * @return the bad rows it wrote, by kind, as the data report counts them
     */
    public static Map<String, Long> badRows(Map<String, Object> manifest) {
        Map<String, Long> out = new TreeMap<>();
        ((Map<?, ?>) manifest.get("bad_rows")).forEach((k, v) -> out.put((String) k, ((Number) v).longValue()));
        return out;
    }
}
