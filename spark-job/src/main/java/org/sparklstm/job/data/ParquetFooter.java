package org.sparklstm.job.data;

import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * What a Parquet file's footer says of its text column: whether it holds strings, binary, another type or no such
 * column, and how many rows (and nulls) it has. Read on the executors before the files are read, so that files
 * whose text column differs are read apart (Spark reads a folder with one schema) and a file whose column is not
 * text is counted, not fatal. (A class, not a record: Spark's Kryo cannot build records.)
 */
public final class ParquetFooter implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What the text column is. */
    public enum Kind {
        /** Strings (BINARY annotated as a string, an enum or JSON). */
        STRING,
        /** BINARY without a string annotation: bytes, decoded as UTF-8. */
        BINARY,
        /** Any other type: every non-null row is not a string. */
        OTHER,
        /** No such column. */
        MISSING,
        /** The footer cannot be read: not Parquet, or damaged. */
        UNREADABLE
    }

    private final String path;
    private final Kind kind;
    private final long rows;
    private final long nulls;
    private final String detail;

    private ParquetFooter(String path, Kind kind, long rows, long nulls, String detail) {
        this.path = path;
        this.kind = kind;
        this.rows = rows;
        this.nulls = nulls;
        this.detail = detail;
    }

    /**
     * @param path a Parquet file
     * @param conf Hadoop configuration
     * @param column the text column
     * @return what its footer says; never throws
     */
    public static ParquetFooter read(String path, Configuration conf, String column) {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(path), conf))) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            long rows = reader.getRecordCount();
            if (!schema.containsField(column)) {
                return new ParquetFooter(path, Kind.MISSING, rows, 0, "no column '" + column + "'; its columns: "
                        + schema.getFields().stream().map(Type::getName).toList());
            }
            Type type = schema.getType(column);
            if (type.isPrimitive()
                    && type.asPrimitiveType().getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.BINARY) {
                LogicalTypeAnnotation a = type.getLogicalTypeAnnotation();
                boolean string = a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                        || a instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                        || a instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation;
                return new ParquetFooter(path, string ? Kind.STRING : Kind.BINARY, rows, 0, type.toString());
            }
            return new ParquetFooter(path, Kind.OTHER, rows, nulls(reader, column), type.toString().strip());
        } catch (Exception e) {
            return new ParquetFooter(path, Kind.UNREADABLE, 0, 0, "not a readable Parquet file: " + e.getMessage());
        }
    }

    /** @return the column's nulls by the row groups' statistics (0 where a group has none) */
    private static long nulls(ParquetFileReader reader, String column) {
        long nulls = 0;
        for (BlockMetaData block : reader.getFooter().getBlocks()) {
            for (ColumnChunkMetaData chunk : block.getColumns()) {
                Statistics<?> stats = chunk.getStatistics();
                if (chunk.getPath().toDotString().equals(column) && stats != null && stats.isNumNullsSet()) {
                    nulls += stats.getNumNulls();
                }
            }
        }
        return nulls;
    }

    /** @return the file */
    public String path() {
        return path;
    }

    /** @return what its text column is */
    public Kind kind() {
        return kind;
    }

    /** @return its rows */
    public long rows() {
        return rows;
    }

    /** @return the text column's nulls, for a column of another type */
    public long nulls() {
        return nulls;
    }

    /** @return the column's type, or why the file is skipped */
    public String detail() {
        return detail;
    }
}
