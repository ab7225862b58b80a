package org.sparklstm.job.it;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * The corpus folder of a soak, where files arrive between retraining calls as they do on a real cluster: new,
 * appended, replaced with the old size and modification time, deleted, glob-named, empty, binary, a hostile MIDI
 * file and a decompression bomb. The text comes from a real corpus (the King James excerpt).
 */
final class SoakCorpus {
    /** The kinds of change, for the report. */
    enum Change { NEW, APPEND, REPLACE_KEEPING_TIME, DELETE, GLOB_NAME, EMPTY, BINARY, HOSTILE_MIDI, BOMB }

    private static final Path HOSTILE = Path.of("../datasets/src/test/resources/hostile/years-of-silence.mid");

    private final Path dir;
    private final List<String> lines;
    private final Random random;
    private int next;
    private int line;

    SoakCorpus(Path dir, long seed) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.lines = Files.readAllLines(Path.of(CheckpointStoreContract.CORPUS));
        this.random = new Random(seed);
    }

    /** @return the folder retraining reads */
    Path dir() {
        return dir;
    }

    private byte[] verses(int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            sb.append(lines.get(line++ % lines.size())).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private List<Path> textFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".txt") && sizeOf(p) > 0).sorted().toList();
        }
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Makes one random change and returns its kind. */
    Change change() throws IOException {
        List<Path> text = textFiles();
        Change[] kinds = Change.values();
        Change kind = text.isEmpty() ? Change.NEW : kinds[random.nextInt(kinds.length)];
        if (random.nextInt(3) == 0) {
            kind = Change.APPEND; // logs grow more often than anything else happens
        }
        if (text.isEmpty() && kind != Change.NEW) {
            kind = Change.NEW;
        }
        Path some = text.isEmpty() ? null : text.get(random.nextInt(text.size()));
        switch (kind) {
            case NEW -> Files.write(dir.resolve("part-" + next++ + ".txt"), verses(30 + random.nextInt(40)));
            case APPEND -> Files.write(some, verses(10 + random.nextInt(30)), StandardOpenOption.APPEND);
            case REPLACE_KEEPING_TIME -> {
                FileTime time = Files.getLastModifiedTime(some);
                String old = Files.readString(some);
                String flipped = old.equals(old.toUpperCase(Locale.ROOT)) ? old.toLowerCase(Locale.ROOT)
                        : old.toUpperCase(Locale.ROOT);
                Files.writeString(some, flipped);
                Files.setLastModifiedTime(some, time);
            }
            case DELETE -> {
                if (text.size() > 2) {
                    Files.delete(some);
                } else {
                    Files.write(dir.resolve("part-" + next++ + ".txt"), verses(40));
                }
            }
            case GLOB_NAME -> Files.write(dir.resolve("song [live] {" + next++ + "}*.txt"), verses(30));
            case EMPTY -> Files.write(dir.resolve("empty-" + next++ + ".txt"), new byte[0]);
            case BINARY -> Files.write(dir.resolve("tool-" + next++ + ".bin"), new byte[] {0x7f, 'E', 'L', 'F', 0, 1});
            case HOSTILE_MIDI -> Files.copy(HOSTILE, dir.resolve("bomb-" + next++ + ".mid"));
            case BOMB -> {
                try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(dir.resolve("zeros-" + next++
                        + ".txt.gz")))) {
                    byte[] zeros = new byte[1 << 16];
                    for (int i = 0; i < 40; i++) {
                        gz.write(zeros);
                    }
                }
            }
            default -> throw new IllegalStateException();
        }
        return kind;
    }

    /** @return every file now, with its content */
    List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return new ArrayList<>(s.sorted().toList());
        }
    }
}
