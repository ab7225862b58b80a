package org.sparklstm.core.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The soak's fault-injecting file system passes everything through to its target, and fails what it is told. */
class FaultInjectingFileSystemTest {
    @TempDir
    Path dir;

    private FileSystem faulty(Configuration conf) throws IOException {
        conf.set("fs.faulty.impl", FaultInjectingFileSystem.class.getName());
        conf.setBoolean("fs.faulty.impl.disable.cache", true);
        conf.set("fs.faulty.target", dir.toUri().toString());
        return new org.apache.hadoop.fs.Path("faulty:///").getFileSystem(conf);
    }

    @Test
    void writesReadsListsAndRenamesThroughToTheTarget() throws IOException {
        FileSystem fs = faulty(new Configuration());
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path("faulty:///a/b.txt");
        byte[] content = "hello, faults".getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = fs.create(file, false)) {
            out.write(content);
        }
        assertArrayEquals(content, Files.readAllBytes(dir.resolve("a/b.txt")));
        for (int i = 0; i < 3; i++) {
            try (InputStream in = fs.open(file)) {
                assertArrayEquals(content, in.readAllBytes());
            }
        }
        FileStatus[] listed = fs.listStatus(new org.apache.hadoop.fs.Path("faulty:///a"));
        assertEquals(1, listed.length);
        assertEquals("faulty:/a/b.txt", listed[0].getPath().toString());
        assertEquals(content.length, fs.getFileStatus(file).getLen());
        assertTrue(fs.rename(file, new org.apache.hadoop.fs.Path("faulty:///a/c.txt")));
        assertTrue(Files.exists(dir.resolve("a/c.txt")));
        assertThrows(org.apache.hadoop.fs.FileAlreadyExistsException.class,
                () -> fs.create(new org.apache.hadoop.fs.Path("faulty:///a/c.txt"), false).close());
    }

    @Test
    void injectsTheFaultsItIsConfiguredFor() throws IOException {
        Configuration conf = new Configuration();
        conf.set("faults.create.path", "x\\.txt$");
        conf.set("faults.log", dir.resolve("faults.log").toString());
        FileSystem fs = faulty(conf);
        IOException e = assertThrows(IOException.class,
                () -> fs.create(new org.apache.hadoop.fs.Path("faulty:///x.txt")).close());
        assertTrue(e.getMessage().contains("injected fault: create"), e.getMessage());
        fs.create(new org.apache.hadoop.fs.Path("faulty:///y.txt")).close();
        assertEquals(1, Files.readAllLines(dir.resolve("faults.log")).size());
    }
}
