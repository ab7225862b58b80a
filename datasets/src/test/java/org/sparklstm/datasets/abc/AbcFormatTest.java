package org.sparklstm.datasets.abc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.sparklstm.datasets.corpus.Document;
import org.sparklstm.datasets.corpus.ParsedFile;
import org.sparklstm.datasets.corpus.BadInputPolicy;

class AbcFormatTest {
    private final AbcFormat format = new AbcFormat(BadInputPolicy.REPLACE);

    @Test
    void splitsTunesOnTheirXHeaders() {
        String text = "%abc-2.1\n%%header\n\nX:1\nT:One\nK:C\nCDEF|\n\nX:2\nT:Two\nK:G\nGABc|\n";
        List<Document> tunes = format.parse("t.abc", text.getBytes(StandardCharsets.UTF_8)).documents();
        assertEquals(2, tunes.size());
        assertEquals("X:1\nT:One\nK:C\nCDEF|\n\n", new String(tunes.get(0).symbols(), 0, tunes.get(0).symbols().length));
        assertEquals(text.indexOf("X:2"), tunes.get(1).offset());
    }

    @Test
    void everyTuneOfTheRealAbcFilesIsADocument() throws Exception {
        Pattern header = Pattern.compile("(?m)^X:");
        int expected = 0;
        int found = 0;
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/music/abc"))) {
            for (Path f : files.toList()) {
                byte[] bytes = Files.readAllBytes(f);
                expected += (int) header.matcher(new String(bytes, StandardCharsets.UTF_8)).results().count();
                ParsedFile parsed = format.parse(f.toString(), bytes);
                for (Document tune : parsed.documents()) {
                    String text = new String(tune.symbols(), 0, tune.symbols().length);
                    assertTrue(text.startsWith("X:"), f + ": " + text.substring(0, Math.min(20, text.length())));
                }
                found += parsed.documents().size();
            }
        }
        assertEquals(expected, found);
        assertTrue(found >= 79, "tunes: " + found);
    }
}
