package org.sparklstm.datasets.midi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The real MIDI files kept in the repository: the bundled piano corpus and the test fixtures. */
final class MidiFixtures {
    static final Path PIANO = Path.of("src/main/resources/corpora/piano");
    static final Path MUSIC = Path.of("src/test/resources/music");

    private MidiFixtures() {
    }

    static List<Path> all() {
        try (Stream<Path> piano = Files.list(PIANO); Stream<Path> music = Files.walk(MUSIC)) {
            return Stream.concat(piano, music).filter(p -> p.toString().endsWith(".mid")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
