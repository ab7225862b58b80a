package org.sparklstm.datasets.series;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.sparklstm.datasets.corpus.BadRows;

/**
 * The rows of one source (a CSV file, a Parquet file, a table) becoming its series, whoever reads them: each row's
 * time, key and value cells are checked and counted as they are added ({@link #add}), and {@link #done} sorts each
 * series by time and leaves out the constant ones. A bad cell is counted, never fatal: a cell that is not a number,
 * a gap (null, empty or {@code NA}), a row out of time order, a level the transform cannot take.
 */
public final class SeriesRows {
    private static final List<String> GAPS = List.of("", "na", "nan", "null", "n/a");

    private final SeriesOptions options;
    private final String source;
    private final String name;
    private final List<String> valueColumns;
    private final boolean inOrder;
    private final BadRows.Tally bad = new BadRows.Tally();
    private final Map<String, List<Point>> points = new LinkedHashMap<>();
    private final Map<String, Double> lastTime = new LinkedHashMap<>();

    private record Point(double time, long row, double value) {
    }

    /**
     * @param options the time and key columns, and the transform (to count the levels it cannot take)
     * @param source the file or table, whose path starts each series' name
     * @param valueColumns the columns holding values, each its own series (per key)
     * @param inOrder whether the rows come in the source's order (a file's), so that a time before the row above
     *                counts as unsorted; a table's rows have no order
     */
    public SeriesRows(SeriesOptions options, String source, List<String> valueColumns, boolean inOrder) {
        this.options = options;
        this.source = source;
        this.name = source.substring(source.lastIndexOf('/') + 1);
        this.valueColumns = List.copyOf(valueColumns);
        this.inOrder = inOrder;
    }

    /** @return the source's short name (after its last {@code /}), which row messages start with */
    public String name() {
        return name;
    }

    /**
     * Counts a row that cannot be read at all.
     *
     * @param where the row ({@code prices.csv row 7})
     * @param problem what is wrong with it
     */
    public void malformed(String where, String problem) {
        bad.add(BadRows.Kind.MALFORMED, where + ": " + problem);
    }

    /**
     * @param where the row, for messages ({@code prices.csv row 7})
     * @param row its position in the source, which orders rows of equal time
     * @param cell each named column's cell ({@code null} for a null cell); the time column's a number, or an ISO
     *             date or time
     */
    public void add(String where, long row, UnaryOperator<String> cell) {
        double t = row;
        String time = options.timeColumn();
        if (!time.isEmpty()) {
            String timeCell = cell.apply(time);
            if (timeCell == null) {
                bad.add(BadRows.Kind.GAP, where + ": no " + time);
                return;
            }
            t = time(timeCell);
            if (Double.isNaN(t)) {
                bad.add(BadRows.Kind.NOT_A_NUMBER, where + ": time '" + timeCell
                        + "' is neither a number nor an ISO date");
                return;
            }
        }
        String prefix = "";
        if (!options.keyColumn().isEmpty()) {
            String key = cell.apply(options.keyColumn());
            if (key == null) {
                bad.add(BadRows.Kind.GAP, where + ": no " + options.keyColumn());
                return;
            }
            prefix = key.replace("%", "%25").replace("/", "%2F") + ":";
        }
        Double before = lastTime.put(prefix, t);
        if (inOrder && before != null && t < before) {
            bad.add(BadRows.Kind.UNSORTED_TIME, where + ": time " + cell.apply(time) + " is before the row above it");
        }
        for (String column : valueColumns) {
            value(where, row, t, prefix + column, cell.apply(column));
        }
    }

    private void value(String where, long row, double t, String series, String cell) {
        if (cell == null || GAPS.contains(cell.toLowerCase(Locale.ROOT))) {
            bad.add(BadRows.Kind.GAP, where + " (" + series + "): empty");
            return;
        }
        double v;
        try {
            v = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            bad.add(BadRows.Kind.NOT_A_NUMBER, where + " (" + series + "): '" + cell + "'");
            return;
        }
        if (!options.transform().accepts(v)) {
            bad.add(Double.isFinite(v) ? BadRows.Kind.NON_POSITIVE : BadRows.Kind.NOT_A_NUMBER,
                    where + " (" + series + "): " + cell + " (" + options.transform().key() + ")");
            return;
        }
        points.computeIfAbsent(series, s -> new ArrayList<>()).add(new Point(t, row, v));
    }

    /** @return the series, each in time order (rows of equal time in source order), and the bad cells */
    public SeriesReader.Read done() {
        List<Series> out = new ArrayList<>();
        for (Map.Entry<String, List<Point>> e : points.entrySet()) {
            List<Point> p = e.getValue();
            p.sort(Comparator.comparingDouble(Point::time).thenComparingLong(Point::row));
            double[] levels = p.stream().mapToDouble(Point::value).toArray();
            if (Arrays.stream(levels).distinct().count() < 2) {
                bad.add(BadRows.Kind.CONSTANT_SERIES, name + "#" + e.getKey() + ": " + levels.length
                        + " value(s), never changing");
                continue;
            }
            out.add(new Series(source + "#" + e.getKey(), levels));
        }
        return new SeriesReader.Read(out, bad.done());
    }

    /** @return a time cell as a number: itself, or an ISO date or time in seconds since 1970 (UTC); NaN if neither */
    static double time(String cell) {
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            // not a number: a date or a time
        }
        try {
            return LocalDate.parse(cell).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        } catch (DateTimeParseException e) {
            // not a date
        }
        try {
            return LocalDateTime.parse(cell).toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            // not a local time
        }
        try {
            return OffsetDateTime.parse(cell).toEpochSecond();
        } catch (DateTimeParseException e) {
            // not an offset time
        }
        try {
            return Instant.parse(cell).getEpochSecond();
        } catch (DateTimeParseException e) {
            return Double.NaN;
        }
    }
}
