package org.sparklstm.datasets.series;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * How a CSV file becomes numeric series: which columns hold values, which column orders the rows and which
 * splits them into one series per key, the transform a model reads and the number of bins its values are
 * quantised into. (A class, not a record: Spark's Kryo cannot build records.)
 */
public final class SeriesOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ArrayList<String> valueColumns;
    private final String timeColumn;
    private final String keyColumn;
    private final SeriesTransform transform;
    private final int bins;

    /**
     * @param valueColumns the columns holding values, each its own series; empty for every column but the time and
     *                     key columns
     * @param timeColumn the column the rows are ordered by (numbers, or ISO dates and times), or empty to keep the
     *                   file's order
     * @param keyColumn the column whose values name separate series in one file (a ticker, a sensor), or empty
     * @param transform what the models read
     * @param bins how many symbols the transformed values are quantised into
     */
    public SeriesOptions(List<String> valueColumns, String timeColumn, String keyColumn, SeriesTransform transform,
                         int bins) {
        this.valueColumns = new ArrayList<>(valueColumns);
        this.timeColumn = timeColumn;
        this.keyColumn = keyColumn;
        this.transform = transform;
        this.bins = bins;
    }

    /** @return the value columns, or empty for every other column */
    public List<String> valueColumns() {
        return valueColumns;
    }

    /** @return the time column, or empty */
    public String timeColumn() {
        return timeColumn;
    }

    /** @return the key column, or empty */
    public String keyColumn() {
        return keyColumn;
    }

    /** @return the transform the models read */
    public SeriesTransform transform() {
        return transform;
    }

    /**
     * @param columns a source's columns (a CSV header, a table's schema)
     * @param candidate which of them may hold values when no value column is named (a table's numeric columns)
     * @return the value columns: those named, else every candidate but the time and key columns
     * @throws IllegalArgumentException naming the column, and the columns there are, if a named column is missing
     *                                  or no column is left to hold values
     */
    public List<String> valueColumnsOf(List<String> columns, Predicate<String> candidate) {
        List<String> named = new ArrayList<>(valueColumns);
        for (String column : new String[] {timeColumn, keyColumn}) {
            if (!column.isEmpty()) {
                named.add(column);
            }
        }
        for (String column : named) {
            if (!columns.contains(column)) {
                throw new IllegalArgumentException("no column '" + column + "'; the columns are " + columns);
            }
        }
        if (!valueColumns.isEmpty()) {
            return valueColumns;
        }
        List<String> rest = columns.stream().filter(c -> !c.equals(timeColumn) && !c.equals(keyColumn))
                .filter(candidate).toList();
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("no value column; the columns are " + columns);
        }
        return rest;
    }

    /** @return the number of quantisation bins */
    public int bins() {
        return bins;
    }
}
