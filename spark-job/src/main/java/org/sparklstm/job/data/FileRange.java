package org.sparklstm.job.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.sparklstm.datasets.corpus.CorpusFormat;
import org.sparklstm.datasets.corpus.PartBoundary;

/**
 * A part of a corpus file that one task reads: the whole file, or for a large uncompressed file of a splittable
 * format a byte range of it, so that no task reads more than a split. (A class, not a record: Spark's Kryo cannot
 * build records.)
 */
public final class FileRange implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final long start;
    private final long length;

    private FileRange(String source, long start, long length) {
        this.source = source;
        this.start = start;
        this.length = length;
    }

    /**
     * @param source a file
     * @return the whole file
     */
    public static FileRange whole(String source) {
        return new FileRange(source, 0, -1);
    }

    /**
     * @param files the corpus files
     * @param format their format
     * @param splitBytes the largest part of a splittable file one task reads
     * @param conf Hadoop configuration (to recognise compressed files, which are read whole)
     * @return the parts to read, in file order: a large file of a format with a part boundary in parts
     */
    public static List<FileRange> plan(List<FileStatus> files, CorpusFormat format, long splitBytes,
                                       Configuration conf) {
        Compression compression = new Compression(conf);
        List<FileRange> ranges = new ArrayList<>();
        for (FileStatus f : files) {
            String source = f.getPath().toString();
            if (!splittable(format, compression, f.getPath()) || f.getLen() <= splitBytes) {
                ranges.add(whole(source));
            } else {
                for (long start = 0; start < f.getLen(); start += splitBytes) {
                    ranges.add(new FileRange(source, start, Math.min(splitBytes, f.getLen() - start)));
                }
            }
        }
        return ranges;
    }

    /**
     * @param slices byte ranges of files, as a retraining generation recorded them
     * @param format their format
     * @param splitBytes the largest part of a splittable file one task reads
     * @param conf Hadoop configuration (to recognise compressed files, which are read whole)
     * @return the parts to read: a slice of an uncompressed file of a splittable format in parts of at most
     *         {@code splitBytes} that end exactly where the slice ends (bytes appended since are left for a later
     *         generation); any other slice, and an empty file, as the whole file
     */
    public static List<FileRange> planSlices(List<FileSlice> slices, CorpusFormat format, long splitBytes,
                                             Configuration conf) {
        Compression compression = new Compression(conf);
        List<FileRange> ranges = new ArrayList<>();
        for (FileSlice s : slices) {
            if (!splittable(format, compression, new Path(s.path())) || s.end() == s.start()) {
                ranges.add(whole(s.path()));
            } else {
                for (long start = s.start(); start < s.end(); start += splitBytes) {
                    ranges.add(new FileRange(s.path(), start, Math.min(splitBytes, s.end() - start)));
                }
            }
        }
        return ranges;
    }

    /**
     * @param format a corpus format
     * @param compression which files are compressed
     * @param file a file of that format
     * @return whether the file may be read in parts: its format has a part boundary and it is not compressed
     */
    public static boolean splittable(CorpusFormat format, Compression compression, Path file) {
        return format.partBoundary() != PartBoundary.NONE && !compression.isCompressed(file);
    }

    /** @return the file */
    public String source() {
        return source;
    }

    /** @return the first byte of the part */
    public long start() {
        return start;
    }

    /** @return the part's length in bytes */
    public long length() {
        return length;
    }

    /** @return whether this is the whole file (decompressed if compressed) */
    public boolean isWhole() {
        return length < 0;
    }
}
