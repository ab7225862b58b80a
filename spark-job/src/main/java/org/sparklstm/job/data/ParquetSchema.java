package org.sparklstm.job.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * A Parquet file's top-level columns by its footer, and which of them hold numbers, or why it cannot be read: read
 * on the executors before a corpus of series is read, so that a file without the named columns (or not Parquet)
 * is skipped with the reason and files of different schemas are read apart. (A class, not a record: Spark's Kryo
 * cannot build records.)
 */
public final class ParquetSchema implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final ArrayList<String> columns;
    private final ArrayList<String> numeric;
    private final String types;
    private final String problem;

    private ParquetSchema(String path, List<String> columns, List<String> numeric, String types, String problem) {
        this.path = path;
        this.columns = new ArrayList<>(columns);
        this.numeric = new ArrayList<>(numeric);
        this.types = types;
        this.problem = problem;
    }

    /**
     * @param path a Parquet file
     * @param conf Hadoop configuration
     * @return its columns; never throws
     */
    public static ParquetSchema read(String path, Configuration conf) {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(path), conf))) {
            List<String> columns = new ArrayList<>();
            List<String> numeric = new ArrayList<>();
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            for (Type field : schema.getFields()) {
                columns.add(field.getName());
                if (numeric(field)) {
                    numeric.add(field.getName());
                }
            }
            return new ParquetSchema(path, columns, numeric, schema.toString(), null);
        } catch (Exception e) {
            return new ParquetSchema(path, List.of(), List.of(), "", "not a readable Parquet file: " + e.getMessage());
        }
    }

    /** @return whether a column holds numbers: integers (not dates or times), floats, doubles and decimals */
    private static boolean numeric(Type field) {
        if (!field.isPrimitive()) {
            return false;
        }
        LogicalTypeAnnotation a = field.getLogicalTypeAnnotation();
        if (a instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation) {
            return true;
        }
        PrimitiveTypeName type = field.asPrimitiveType().getPrimitiveTypeName();
        return (type == PrimitiveTypeName.INT32 || type == PrimitiveTypeName.INT64)
                && (a == null || a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation)
                || type == PrimitiveTypeName.FLOAT || type == PrimitiveTypeName.DOUBLE;
    }

    /** @return the file */
    public String path() {
        return path;
    }

    /** @return its top-level columns, in order */
    public List<String> columns() {
        return columns;
    }

    /** @return those that hold numbers */
    public List<String> numeric() {
        return numeric;
    }

    /** @return its whole schema, column types and all: files of one schema are read together */
    public String types() {
        return types;
    }

    /** @return why the file cannot be read, or null */
    public String problem() {
        return problem;
    }
}
