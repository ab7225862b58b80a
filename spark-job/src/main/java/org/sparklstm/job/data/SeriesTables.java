package org.sparklstm.job.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.util.SerializableConfiguration;
import org.sparklstm.core.config.ConfigException;
import org.sparklstm.core.config.DataKeys;
import org.sparklstm.datasets.series.Series;
import org.sparklstm.datasets.series.SeriesFormat;
import org.sparklstm.datasets.series.SeriesOptions;
import org.sparklstm.datasets.series.SeriesReader;
import org.sparklstm.datasets.series.SeriesRows;
import scala.Tuple2;

/**
 * A corpus of series ({@code --format series}) of CSV files, Parquet files, catalog tables ({@code table:NAME})
 * and queries ({@code sql:SELECT ...}). A CSV file is read and parsed whole, as any file is. A Parquet file is a
 * source as a CSV file is (one series per value column, per key), its rows in file order; a table or a query is one
 * source whose rows of one key, in any order, are that key's series, ordered by the time column it must have. Spark
 * SQL reads them, its rows grouped by source and key on the executors, each group's cells checked and counted by
 * {@link SeriesRows}. Without {@code value-columns}, a Parquet file's or a table's numeric columns hold the values
 * (a CSV file's every column). A Parquet file without a named column, or not Parquet, is skipped with the reason.
 */
public final class SeriesTables {
    private static final String SOURCE = "s";
    private static final String KEY = "k";
    private static final String ROW = "r";
    private static final String TIME = "t";
    /** The first value column's index in a selected row: source, key, row and time come first. */
    private static final int FIRST_VALUE = 4;

    private SeriesTables() {
    }

    /**
     * @param sc the Spark context
     * @param paths CSV and Parquet files, folders or globs, {@code table:NAME} and {@code sql:QUERY}
     * @param format the series format (columns, transform)
     * @param limits how much of a file one task reads
     * @param excluded roots whose files are never corpus
     * @return the corpus
     * @throws ConfigException naming the option if a path matches no file, or a table lacks a named column or a
     *                         time column
     * @throws IOException if a filesystem cannot be reached
     */
    static Corpus open(JavaSparkContext sc, List<String> paths, SeriesFormat format, ReadLimits limits,
                       List<URI> excluded) throws IOException {
        Sources sources = Sources.list(sc.hadoopConfiguration(), paths, excluded);
        List<JavaRDD<FileRead>> reads = new ArrayList<>();
        if (!sources.csv.isEmpty()) {
            reads.add(Corpus.read(sc, FileRange.plan(sources.csv, format, limits.splitBytes(),
                    sc.hadoopConfiguration()), format, limits));
        }
        if (sources.readBySql()) {
            List<FileRead> skipped = new ArrayList<>();
            for (Table t : tables(sc, sources, format.options(), skipped::add)) {
                reads.add(grouped(t, format.options(), (source, read, bytes) -> FileRead.ofRows(source, bytes,
                        format.documents(read))));
            }
            reads.add(sc.parallelize(skipped, 1));
        }
        JavaRDD<FileRead> all = reads.get(0);
        for (int i = 1; i < reads.size(); i++) {
            all = all.union(reads.get(i));
        }
        return Corpus.of(all, sources.files, sources.bytes, Corpus.digest(sources.digestLines));
    }

    /**
     * Every series of a corpus, levels and all, on the driver (for {@code forecast}), in a stable order: CSV files
     * read here, the rest by Spark SQL.
     *
     * @param paths CSV and Parquet files, folders or globs, {@code table:NAME} and {@code sql:QUERY}
     * @param options the columns and the transform
     * @param maxFileBytes the most bytes a CSV file may hold
     * @param hadoop Hadoop configuration
     * @param spark the Spark context, started only if Spark SQL has something to read
     * @param skipped where each file skipped goes, with the reason
     * @return the series: the CSV files' in listing order, then the others' by name
     * @throws ConfigException naming the option if a path matches no file, or a table lacks a named column or a
     *                         time column
     * @throws IOException if a filesystem cannot be reached
     */
    public static List<Series> series(List<String> paths, SeriesOptions options, long maxFileBytes,
                                      Configuration hadoop, Supplier<JavaSparkContext> spark, Skipped skipped)
            throws IOException {
        Sources sources = Sources.list(hadoop, paths, List.of());
        Map<String, double[]> series = new LinkedHashMap<>();
        SeriesReader reader = new SeriesReader(options);
        for (FileStatus f : sources.csv) {
            String file = f.getPath().toString();
            try {
                reader.read(file, FileRead.bytes(file, hadoop, maxFileBytes)).series()
                        .forEach(s -> series.put(s.name(), s.levels()));
            } catch (org.sparklstm.datasets.CorpusException e) {
                skipped.add(FileRead.skipped(file, e.problem()));
            }
        }
        if (sources.readBySql()) {
            Map<String, double[]> read = new TreeMap<>();
            for (Table t : tables(spark.get(), sources, options, skipped)) {
                grouped(t, options, (source, rows, bytes) -> new ArrayList<>(rows.series().stream()
                        .map(s -> new Tuple2<>(s.name(), s.levels())).toList()))
                        .collect().forEach(group -> group.forEach(s -> read.put(s._1(), s._2())));
            }
            series.putAll(read);
        }
        return series.entrySet().stream().map(e -> new Series(e.getKey(), e.getValue())).toList();
    }

    /** Where a file skipped before its rows are read is told. */
    public interface Skipped {
        /** @param file the file, skipped with its reason */
        void add(FileRead file);
    }

    /** What one group of rows (a source's rows of one key) becomes on the executors. */
    private interface GroupResult<T> extends Serializable {
        T of(String source, SeriesReader.Read read, long bytes);
    }

    /**
     * A corpus's paths, listed: its CSV files, its Parquet files and its tables and queries, with what the digest
     * and the report need of them.
     */
    private static final class Sources {
        private final List<FileStatus> csv = new ArrayList<>();
        private final List<String> parquet = new ArrayList<>();
        private final List<String> tables = new ArrayList<>();
        private final List<String> files = new ArrayList<>();
        private final List<String> digestLines = new ArrayList<>();
        private long bytes;

        static Sources list(Configuration hadoop, List<String> paths, List<URI> excluded) throws IOException {
            Sources s = new Sources();
            List<String> filePaths = new ArrayList<>();
            for (String p : paths) {
                if (TableCorpus.namesTable(p)) {
                    s.tables.add(p);
                } else {
                    filePaths.add(p);
                }
            }
            if (!filePaths.isEmpty()) {
                for (FileStatus f : Corpus.listStatuses(filePaths, hadoop, excluded)) {
                    String path = f.getPath().toString();
                    if (path.toLowerCase(Locale.ROOT).endsWith(".parquet")) {
                        s.parquet.add(path);
                    } else {
                        s.csv.add(f);
                    }
                    s.files.add(path);
                    s.digestLines.add(path + "\t" + f.getLen() + "\t" + f.getModificationTime());
                    s.bytes += f.getLen();
                }
            }
            return s;
        }

        boolean readBySql() {
            return !parquet.isEmpty() || !tables.isEmpty();
        }
    }

    /** Rows Spark SQL reads as one source (a table, a query) or as one source per file (Parquet files). */
    private record Table(String name, Dataset<Row> rows, boolean files) {
    }

    /**
     * @return the Parquet files, grouped by schema (Spark reads a group with one), and the tables and queries; a
     *         file that is not Parquet or lacks a named column is told to {@code skipped}; the tables' files join
     *         the sources' files and digest
     */
    private static List<Table> tables(JavaSparkContext sc, Sources sources, SeriesOptions options, Skipped skipped) {
        SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
        List<Table> tables = new ArrayList<>();
        Map<String, List<String>> bySchema = new LinkedHashMap<>();
        for (ParquetSchema schema : schemas(sc, sources.parquet)) {
            String problem = schema.problem();
            if (problem == null) {
                try {
                    options.valueColumnsOf(schema.columns(), schema.numeric()::contains);
                } catch (IllegalArgumentException missing) {
                    problem = missing.getMessage();
                }
            }
            if (problem != null) {
                skipped.add(FileRead.skipped(schema.path(), problem));
            } else {
                bySchema.computeIfAbsent(schema.types(), k -> new ArrayList<>()).add(schema.path());
            }
        }
        for (List<String> group : bySchema.values()) {
            tables.add(new Table(group.size() + " Parquet file(s) such as " + group.get(0), spark.read()
                    .option("ignoreCorruptFiles", "true").parquet(group.toArray(new String[0])), true));
        }
        for (String t : sources.tables) {
            Dataset<Row> rows = TableCorpus.load(spark, t);
            tables.add(new Table(t, rows, false));
            List<String> inputs = Arrays.stream(rows.inputFiles()).sorted().toList();
            sources.files.addAll(inputs);
            sources.digestLines.add(t);
            sources.digestLines.addAll(inputs);
            sources.bytes += rows.queryExecution().optimizedPlan().stats().sizeInBytes().longValue();
        }
        return tables;
    }

    /** @return each Parquet file's schema, read on the executors */
    private static List<ParquetSchema> schemas(JavaSparkContext sc, List<String> files) {
        if (files.isEmpty()) {
            return List.of();
        }
        SerializableConfiguration conf = new SerializableConfiguration(sc.hadoopConfiguration());
        int slices = Math.max(1, Math.min(files.size(), sc.defaultParallelism()));
        return sc.parallelize(files, slices).map(f -> ParquetSchema.read(f, conf.value())).collect();
    }

    /**
     * Selects each row's source, key, position, time and value cells (as strings; a date or a timestamp as
     * seconds since 1970), brings each source's rows of one key together in one task, in file order for a Parquet
     * file, and turns each group into a result.
     *
     * @throws ConfigException naming the option if a table lacks a named column, or has no time column
     */
    private static <T> JavaRDD<T> grouped(Table table, SeriesOptions options, GroupResult<T> result) {
        Dataset<Row> rows = table.rows();
        List<String> columns = Arrays.asList(rows.columns());
        List<String> values;
        try {
            values = options.valueColumnsOf(columns, c -> rows.schema().apply(c).dataType() instanceof NumericType);
        } catch (IllegalArgumentException missing) {
            throw new ConfigException("corpus", table.name() + ": " + missing.getMessage());
        }
        if (!table.files() && options.timeColumn().isEmpty()) {
            throw new ConfigException(DataKeys.TIME_COLUMN.name(), table.name() + ": a table's rows have no order; "
                    + "name the column that orders them");
        }
        List<Column> selected = new ArrayList<>(List.of(
                table.files() ? col("_metadata.file_path").as(SOURCE) : lit(table.name()).as(SOURCE),
                options.keyColumn().isEmpty() ? lit(null).cast("string").as(KEY)
                        : col(options.keyColumn()).cast("string").as(KEY),
                table.files() ? col("_metadata.row_index").cast("long").as(ROW) : lit(0L).as(ROW),
                options.timeColumn().isEmpty() ? lit(null).cast("string").as(TIME) : time(rows, options.timeColumn())));
        values.forEach(v -> selected.add(col(v).cast("string")));
        int tasks = rows.sparkSession().sparkContext().defaultParallelism();
        Dataset<Row> together = rows.select(selected.toArray(new Column[0])).repartition(tasks, col(SOURCE), col(KEY))
                .sortWithinPartitions(SOURCE, KEY, ROW);
        Map<String, Integer> index = new HashMap<>();
        if (!options.timeColumn().isEmpty()) {
            index.put(options.timeColumn(), 3);
        }
        if (!options.keyColumn().isEmpty()) {
            index.put(options.keyColumn(), 1);
        }
        for (int i = 0; i < values.size(); i++) {
            index.put(values.get(i), FIRST_VALUE + i);
        }
        boolean files = table.files();
        return together.toJavaRDD().mapPartitions(it -> new Groups<>(it, options, values, index, files, result));
    }

    /** @return the time column as a string: a date or a timestamp as seconds since 1970 (UTC) */
    private static Column time(Dataset<Row> rows, String column) {
        DataType type = rows.schema().apply(column).dataType();
        Column time = type instanceof DateType || type instanceof TimestampType
                ? col(column).cast("timestamp").cast("double") : col(column);
        return time.cast("string").as(TIME);
    }

    /** A task's rows, sorted by source and key, as one result per group. */
    private static final class Groups<T> implements Iterator<T> {
        private final Iterator<Row> rows;
        private final SeriesOptions options;
        private final List<String> values;
        private final Map<String, Integer> index;
        private final boolean files;
        private final GroupResult<T> result;
        private Row next;

        Groups(Iterator<Row> rows, SeriesOptions options, List<String> values, Map<String, Integer> index,
               boolean files, GroupResult<T> result) {
            this.rows = rows;
            this.options = options;
            this.values = values;
            this.index = index;
            this.files = files;
            this.result = result;
            this.next = rows.hasNext() ? rows.next() : null;
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public T next() {
            String source = next.getString(0);
            String key = next.getString(1);
            SeriesRows group = new SeriesRows(options, source, values, files);
            long bytes = 0;
            while (next != null && source.equals(next.getString(0)) && Objects.equals(key, next.getString(1))) {
                Row r = next;
                String where = files ? group.name() + " row " + (r.getLong(2) + 1)
                        : source + (key == null ? "" : " " + key) + " at time " + r.getString(3);
                group.add(where, r.getLong(2), c -> r.getString(index.get(c)));
                for (int i = FIRST_VALUE; i < r.length(); i++) {
                    bytes += r.isNullAt(i) ? 0 : r.getString(i).length();
                }
                next = rows.hasNext() ? rows.next() : null;
            }
            return result.of(source, group.done(), bytes);
        }
    }
}
