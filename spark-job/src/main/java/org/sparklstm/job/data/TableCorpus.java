package org.sparklstm.job.data;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.substring;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.SerializableConfiguration;
import org.sparklstm.core.config.ConfigException;
import org.sparklstm.core.config.DataKeys;
import org.sparklstm.datasets.corpus.BadRows;
import org.sparklstm.datasets.corpus.Document;
import org.sparklstm.datasets.corpus.ParsedFile;
import org.sparklstm.datasets.corpus.RowIdentity;
import org.sparklstm.datasets.rows.RowText;
import org.sparklstm.datasets.rows.TableRows;

/**
 * A corpus of rows read by Spark SQL: Parquet files (listed like any corpus; Spark's reader cuts them into tasks by
 * row group), a table of the session catalog ({@code table:db.name}; a Hive metastore's when the cluster has one;
 * an Iceberg table at a snapshot or the rows appended between two, see {@link TableRef}) or a query's result
 * ({@code sql:SELECT ...}). Each row's text column is a document named by its identity column, else by its file
 * and row index (Spark's {@code _metadata}, Iceberg's {@code _file} and {@code _pos}), else (a query's rows) by a
 * hash of its text. Rows
 * whose text is null, empty, not a string (nor binary UTF-8) or too large are counted per file, never fatal; a
 * Parquet file Spark cannot read is left out (Spark's {@code ignoreCorruptFiles}) and shows in the data report
 * with no documents.
 */
public final class TableCorpus {
    /** The prefix of a catalog table given as the corpus. */
    public static final String TABLE = "table:";
    /** The prefix of a query given as the corpus. */
    static final String SQL = "sql:";

    private static final String TEXT = "t";
    private static final String ID = "i";
    private static final String FILE = "f";
    private static final String POSITION = "p";
    /** Where a row's file and position are found: Spark's file metadata, then Iceberg's metadata columns. */
    private static final String[][] POSITION_COLUMNS = {{"_metadata.file_path", "_metadata.row_index"},
        {"_file", "_pos"}};

    private TableCorpus() {
    }

    /**
     * @param path a corpus path as given
     * @return whether it names a table or a query rather than files
     */
    public static boolean namesTable(String path) {
        return path.startsWith(TABLE) || path.startsWith(SQL);
    }

    /**
     * @param sc the Spark context
     * @param paths Parquet files, folders or globs, {@code table:NAME} and {@code sql:QUERY}
     * @param format the format (text and identity columns, limits, policy)
     * @param limits how much one task reads: Spark's reader is set to cut files into tasks of at most its split
     *               ({@code spark.sql.files.maxPartitionBytes}, 128 MiB by default, would have a task hold half a
     *               gigabyte of code points)
     * @param excluded roots whose files are never corpus
     * @return the corpus
     * @throws ConfigException naming {@code corpus}, {@code text-column} or {@code id-column} if a path matches no
     *                         file or a column is missing
     * @throws IOException if a filesystem cannot be reached
     */
    static Corpus open(JavaSparkContext sc, List<String> paths, TableRows format, ReadLimits limits,
                       List<URI> excluded) throws IOException {
        SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
        spark.conf().set("spark.sql.files.maxPartitionBytes", String.valueOf(limits.splitBytes()));
        List<String> filePaths = new ArrayList<>();
        List<JavaRDD<FileRead>> reads = new ArrayList<>();
        List<String> files = new ArrayList<>();
        List<String> digestLines = new ArrayList<>();
        long bytes = 0;
        for (String p : paths) {
            if (!namesTable(p)) {
                filePaths.add(p);
                continue;
            }
            Dataset<Row> table = load(spark, p);
            reads.add(rows(table, p, format));
            List<String> inputs = Arrays.stream(table.inputFiles()).sorted().toList();
            files.addAll(inputs);
            digestLines.add(p);
            digestLines.addAll(inputs);
            bytes += table.queryExecution().optimizedPlan().stats().sizeInBytes().longValue();
        }
        if (!filePaths.isEmpty()) {
            List<FileStatus> statuses = Corpus.listStatuses(filePaths, sc.hadoopConfiguration(), excluded);
            List<String> listed = statuses.stream().map(s -> s.getPath().toString()).toList();
            reads.add(parquetFiles(sc, spark, listed, format));
            files.addAll(listed);
            statuses.forEach(s -> digestLines.add(s.getPath() + "\t" + s.getLen() + "\t" + s.getModificationTime()));
            bytes += statuses.stream().mapToLong(FileStatus::getLen).sum();
        }
        JavaRDD<FileRead> all = reads.get(0);
        for (int i = 1; i < reads.size(); i++) {
            all = all.union(reads.get(i));
        }
        return Corpus.of(all, files, bytes, Corpus.digest(digestLines));
    }

    /** @return the table or the query's result; a name or a query Spark SQL refuses is a configuration error */
    static Dataset<Row> load(SparkSession spark, String path) {
        if (path.startsWith(TABLE)) {
            return TableRef.parse(path).load(spark);
        }
        try {
            return spark.sql(path.substring(SQL.length()));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception analysis) {
            // Spark SQL's AnalysisException (a query that does not parse), thrown unchecked by Scala
            throw new ConfigException("corpus", path + ": " + analysis.getMessage());
        }
    }

    /**
     * Reads Parquet files: their footers first, on the executors, then the files whose text column holds strings,
     * and those whose column holds binary, each group with one schema (so that files whose column differs do not
     * break the read); a file whose column has another type has its rows counted as not strings, one without the
     * column (or not Parquet) is skipped with the reason. Every file gets an account, even one Spark's reader
     * skips as corrupt (no documents).
     */
    private static JavaRDD<FileRead> parquetFiles(JavaSparkContext sc, SparkSession spark, List<String> listed,
                                                  TableRows format) {
        String text = format.options().textField();
        List<ParquetFooter> footers = footers(sc, listed, text);
        List<FileRead> accounts = new ArrayList<>();
        List<JavaRDD<FileRead>> reads = new ArrayList<>();
        readable(spark, footers).forEach((name, rows) -> reads.add(rows(rows, name, format)));
        for (ParquetFooter f : footers) {
            switch (f.kind()) {
                case STRING, BINARY -> accounts.add(FileRead.ofRows(f.path(), 0, ParsedFile.read(List.of(), 0)));
                case OTHER -> {
                    BadRows.Tally bad = new BadRows.Tally();
                    bad.addAll(BadRows.Kind.NULL, f.nulls(), i -> f.path() + "#column=" + text);
                    bad.addAll(format.wrongType(), f.rows() - f.nulls(),
                            i -> f.path() + "#column=" + text + " (" + f.detail() + ")");
                    accounts.add(FileRead.ofRows(f.path(), 0, ParsedFile.read(List.of(), 0, bad.done())));
                }
                case MISSING, UNREADABLE -> accounts.add(FileRead.skipped(f.path(), f.detail()));
            }
        }
        JavaRDD<FileRead> all = sc.parallelize(accounts, Math.max(1, Math.min(listed.size(),
                sc.defaultParallelism())));
        for (JavaRDD<FileRead> r : reads) {
            all = all.union(r);
        }
        return all;
    }

    /** @return each file's footer: what its text column holds, read on the executors */
    private static List<ParquetFooter> footers(JavaSparkContext sc, List<String> listed, String text) {
        SerializableConfiguration conf = new SerializableConfiguration(sc.hadoopConfiguration());
        int slices = Math.max(1, Math.min(listed.size(), sc.defaultParallelism()));
        return sc.parallelize(listed, slices).map(f -> ParquetFooter.read(f, conf.value(), text)).collect();
    }

    /**
     * @return the files whose text column holds strings, then those whose column holds binary, each group read
     *         with one schema, named for messages
     */
    private static Map<String, Dataset<Row>> readable(SparkSession spark, List<ParquetFooter> footers) {
        Map<String, Dataset<Row>> groups = new LinkedHashMap<>();
        for (ParquetFooter.Kind kind : List.of(ParquetFooter.Kind.STRING, ParquetFooter.Kind.BINARY)) {
            List<String> group = footers.stream().filter(f -> f.kind() == kind).map(ParquetFooter::path).toList();
            if (!group.isEmpty()) {
                groups.put(group.size() + " Parquet file(s) such as " + group.get(0), spark.read()
                        .option("ignoreCorruptFiles", "true").parquet(group.toArray(new String[0])));
            }
        }
        return groups;
    }

    /**
     * Every row of a corpus of tables, all its columns as read, with the identity its document is named by (a
     * score's {@code source}) in one more column: for {@code filter} to keep whole rows.
     *
     * @param sc the Spark context
     * @param paths Parquet files, folders or globs, {@code table:NAME} and {@code sql:QUERY}, as the corpus was
     *              given
     * @param format the format (text and identity columns)
     * @param excluded roots whose files are never corpus
     * @param identity the name of the column of identities
     * @return the rows, of every table by column name (a column one table lacks is null in its rows); null when
     *         no table is given and no Parquet file has a text column of strings or binary (nothing was scored)
     * @throws IOException if a filesystem cannot be reached
     */
    public static Dataset<Row> identified(JavaSparkContext sc, List<String> paths, TableRows format,
                                          List<URI> excluded, String identity) throws IOException {
        SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
        List<Dataset<Row>> tables = new ArrayList<>();
        List<String> filePaths = new ArrayList<>();
        for (String p : paths) {
            if (namesTable(p)) {
                tables.add(load(spark, p));
            } else {
                filePaths.add(p);
            }
        }
        if (!filePaths.isEmpty()) {
            List<String> listed = Corpus.listStatuses(filePaths, sc.hadoopConfiguration(), excluded).stream()
                    .map(s -> s.getPath().toString()).toList();
            tables.addAll(readable(spark, footers(sc, listed, format.options().textField())).values());
        }
        Dataset<Row> all = null;
        for (Dataset<Row> table : tables) {
            Dataset<Row> named = table.withColumn(identity, identity(table, format));
            all = all == null ? named : all.unionByName(named, true);
        }
        return all;
    }

    /**
     * @return a table's row identities as {@link RowsToReads} names its documents ({@link RowIdentity}): by the
     *         identity column where it is not null, else by file and row position, else by a hash of the text
     */
    private static Column identity(Dataset<Row> table, TableRows format) {
        String[] position = positionColumns(table);
        Column byPosition = position != null
                ? concat(col(position[0]), lit("#row="), col(position[1]).cast("long").cast("string"))
                : concat(lit("sha="), substring(sha2(col(format.options().textField()), 256), 1, 16));
        String id = format.options().idField();
        return id.isEmpty() ? byPosition : coalesce(concat(lit("id="), regexp_replace(regexp_replace(
                col(id).cast("string"), "%", "%25"), "/", "%2F")), byPosition);
    }

    /** Selects a table's text, identity, file and row index, and turns its rows into documents per file. */
    private static JavaRDD<FileRead> rows(Dataset<Row> table, String source, TableRows format) {
        List<String> columns = Arrays.asList(table.columns());
        String text = format.options().textField();
        String id = format.options().idField();
        if (!columns.contains(text)) {
            throw new ConfigException((format.takesStrings() ? DataKeys.TEXT_COLUMN : DataKeys.BINARY_COLUMN).name(),
                    "no column '" + text + "' in " + source
                    + "; its columns: " + columns);
        }
        if (!id.isEmpty() && !columns.contains(id)) {
            throw new ConfigException(DataKeys.ID_COLUMN.name(), "no column '" + id + "' in " + source
                    + "; its columns: " + columns);
        }
        Column idColumn = id.isEmpty() ? lit(null).cast("string") : col(id).cast("string");
        Dataset<Row> selected = positioned(table, col(text).as(TEXT), idColumn.as(ID));
        boolean positioned = selected != null;
        if (!positioned) {
            // a query's result, or a table that is not read from files: rows are named by their text
            selected = table.select(col(text).as(TEXT), idColumn.as(ID), lit(source).as(FILE),
                    lit(-1L).as(POSITION));
        }
        TextType type = TextType.of(selected.schema().apply(TEXT).dataType());
        return selected.queryExecution().toRdd().toJavaRDD().mapPartitions(new RowsToReads(format, positioned,
                type));
    }

    /**
     * @return the text and identity with each row's file and position: Spark's {@code _metadata} for files and
     *         file-based tables, Iceberg's {@code _file} and {@code _pos} for its tables; null when the rows have
     *         neither (a query's result)
     */
    private static Dataset<Row> positioned(Dataset<Row> table, Column text, Column id) {
        String[] position = positionColumns(table);
        return position == null ? null
                : table.select(text, id, col(position[0]).as(FILE), col(position[1]).cast("long").as(POSITION));
    }

    /** @return the columns of a row's file and position that the table has, or null (a query's result) */
    private static String[] positionColumns(Dataset<Row> table) {
        for (String[] metadata : POSITION_COLUMNS) {
            try {
                table.select(col(metadata[0]), col(metadata[1]));
                return metadata;
            } catch (Exception noSuchColumns) {
                // Spark's AnalysisException: try the next kind of metadata
            }
        }
        return null;
    }

    /** What a table's text column holds, which decides how each row's value is read. */
    private enum TextType {
        /** Strings: UTF-8 bytes as Spark keeps them. */
        STRING,
        /** Binary: UTF-8, decoded under the policy. */
        BINARY,
        /** Anything else (numbers, structs): every value is a bad row. */
        OTHER;

        static TextType of(DataType type) {
            return type instanceof StringType ? STRING : type instanceof BinaryType ? BINARY : OTHER;
        }
    }

    /**
     * The rows of one task, as Spark's internal rows (no conversion to Java strings: a row's UTF-8 bytes become its
     * code points in one pass), as {@link FileRead}s of at most about {@value #CHUNK_BYTES} bytes of one file each,
     * given as they are read (so a task holds one chunk, not its whole split; the report merges a file's chunks).
     */
    private static final class RowsToReads implements FlatMapFunction<Iterator<InternalRow>, FileRead> {
        private static final long serialVersionUID = 1L;
        private static final long CHUNK_BYTES = 4L << 20;
        private final TableRows format;
        private final boolean positioned;
        private final TextType type;
        private final boolean readable;

        RowsToReads(TableRows format, boolean positioned, TextType type) {
            this.format = format;
            this.positioned = positioned;
            this.type = type;
            this.readable = type == TextType.BINARY || type == TextType.STRING && format.takesStrings();
        }

        @Override
        public Iterator<FileRead> call(Iterator<InternalRow> rows) {
            return new Iterator<>() {
                private UTF8String lastFile;
                private FileRows current;

                @Override
                public boolean hasNext() {
                    return rows.hasNext() || current != null;
                }

                /** Reads rows until the file changes or a chunk is full, and gives what the last file's rows gave. */
                @Override
                public FileRead next() {
                    while (rows.hasNext()) {
                        InternalRow r = rows.next();
                        UTF8String file = r.getUTF8String(2);
                        FileRead done = null;
                        if (!file.equals(lastFile)) {
                            done = current == null ? null : current.read();
                            lastFile = file.clone();
                            current = new FileRows(lastFile.toString());
                        }
                        current.add(r);
                        if (done != null) {
                            return done;
                        }
                        if (current.bytes >= CHUNK_BYTES) {
                            done = current.read();
                            current = new FileRows(current.file);
                            return done;
                        }
                    }
                    if (current == null) {
                        throw new NoSuchElementException();
                    }
                    FileRead last = current.read();
                    current = null;
                    return last;
                }
            };
        }

        /** The rows of one file seen by a task so far. */
        private final class FileRows {
            private final String file;
            private final List<Document> documents = new ArrayList<>();
            private final BadRows.Tally bad = new BadRows.Tally();
            private long replaced;
            private long bytes;

            FileRows(String file) {
                this.file = file;
            }

            FileRead read() {
                return FileRead.ofRows(file, bytes, ParsedFile.read(documents, replaced, bad.done()));
            }

            void add(InternalRow r) {
                byte[] cell = r.isNullAt(0) || !readable ? null
                        : type == TextType.STRING ? r.getUTF8String(0).getBytes() : r.getBinary(0);
                String identity = !r.isNullAt(1) ? RowIdentity.ofId(r.getUTF8String(1).toString())
                        : positioned ? RowIdentity.atPosition(file, r.getLong(3))
                        : cell != null ? RowIdentity.ofContent(new String(cell, StandardCharsets.UTF_8))
                        : file + "#row=?";
                if (r.isNullAt(0)) {
                    bad.add(BadRows.Kind.NULL, identity);
                } else if (cell == null) {
                    bad.add(format.wrongType(), identity);
                } else {
                    bytes += cell.length;
                    replaced += format.addCell(identity, cell, file, documents, bad);
                }
            }
        }
    }
}
