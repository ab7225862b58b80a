package org.sparklstm.datasets.series;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.sparklstm.datasets.CorpusException;
import org.sparklstm.datasets.corpus.BadRows;

/**
 * Reads the numeric series of one CSV file with a header row (Apache Commons CSV): one series per value column,
 * or per value column and key when a key column is named, ordered by the time column if one is named. Bad cells
 * are counted, never fatal: a cell that is not a number, a gap (empty or {@code NA}), a row out of time order
 * (the rows are then sorted), a level a log return cannot take; a constant series is left out. A file without a
 * named column is refused whole, naming the columns it has.
 */
public final class SeriesReader {
    private static final List<String> GAPS = List.of("", "na", "nan", "null", "n/a");

    private final SeriesOptions options;

    /** @param options which columns hold what, and the transform (to count the levels it cannot take) */
    public SeriesReader(SeriesOptions options) {
        this.options = options;
    }

    /** What one file gave: its series, and the cells and series left out. */
    public record Read(List<Series> series, BadRows bad) {
    }

    private record Point(double time, int row, double value) {
    }

    /**
     * @param source the file's path or URI
     * @param bytes its content, UTF-8
     * @return its series and its bad cells
     * @throws CorpusException if the file is not CSV with a header holding the named columns
     */
    public Read read(String source, byte[] bytes) {
        String name = source.substring(source.lastIndexOf('/') + 1);
        CSVFormat csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreEmptyLines(true).build();
        BadRows.Tally bad = new BadRows.Tally();
        try (CSVParser parser = CSVParser.parse(new StringReader(new String(bytes, StandardCharsets.UTF_8)), csv)) {
            List<String> header = parser.getHeaderNames();
            List<String> values = valueColumns(source, header);
            String time = options.timeColumn();
            String key = options.keyColumn();
            Map<String, List<Point>> points = new LinkedHashMap<>();
            Map<String, Double> lastTime = new LinkedHashMap<>();
            for (CSVRecord record : parser) {
                int row = (int) record.getRecordNumber() + 1;
                String where = name + " row " + row;
                if (!record.isConsistent()) {
                    bad.add(BadRows.Kind.MALFORMED, where + ": " + record.size() + " cells, the header has "
                            + header.size());
                    continue;
                }
                double t = row;
                if (!time.isEmpty()) {
                    t = time(record.get(time));
                    if (Double.isNaN(t)) {
                        bad.add(BadRows.Kind.NOT_A_NUMBER, where + ": time '" + record.get(time)
                                + "' is neither a number nor an ISO date");
                        continue;
                    }
                }
                String prefix = key.isEmpty() ? "" : record.get(key).replace("%", "%25").replace("/", "%2F") + ":";
                Double before = lastTime.put(prefix, t);
                if (before != null && t < before) {
                    bad.add(BadRows.Kind.UNSORTED_TIME, where + ": time " + record.get(time) + " is before the row "
                            + "above it");
                }
                for (String column : values) {
                    String cell = record.get(column);
                    String series = prefix + column;
                    if (GAPS.contains(cell.toLowerCase(Locale.ROOT))) {
                        bad.add(BadRows.Kind.GAP, where + " (" + series + "): empty");
                        continue;
                    }
                    double v;
                    try {
                        v = Double.parseDouble(cell);
                    } catch (NumberFormatException e) {
                        bad.add(BadRows.Kind.NOT_A_NUMBER, where + " (" + series + "): '" + cell + "'");
                        continue;
                    }
                    if (!options.transform().accepts(v)) {
                        bad.add(Double.isFinite(v) ? BadRows.Kind.NON_POSITIVE : BadRows.Kind.NOT_A_NUMBER,
                                where + " (" + series + "): " + cell + " (" + options.transform().key() + ")");
                        continue;
                    }
                    points.computeIfAbsent(series, s -> new ArrayList<>()).add(new Point(t, row, v));
                }
            }
            List<Series> out = new ArrayList<>();
            for (Map.Entry<String, List<Point>> e : points.entrySet()) {
                List<Point> p = e.getValue();
                p.sort(Comparator.comparingDouble(Point::time).thenComparingInt(Point::row));
                double[] levels = p.stream().mapToDouble(Point::value).toArray();
                String series = source.substring(0, source.lastIndexOf('/') + 1) + name + "#" + e.getKey();
                if (Arrays.stream(levels).distinct().count() < 2) {
                    bad.add(BadRows.Kind.CONSTANT_SERIES, name + "#" + e.getKey() + ": " + levels.length + " value(s), never changing");
                    continue;
                }
                out.add(new Series(series, levels));
            }
            return new Read(out, bad.done());
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw new CorpusException(source, "not a CSV file with a header row: " + e.getMessage());
        }
    }

    private List<String> valueColumns(String source, List<String> header) {
        List<String> named = new ArrayList<>(options.valueColumns());
        for (String column : new String[] {options.timeColumn(), options.keyColumn()}) {
            if (!column.isEmpty()) {
                named.add(column);
            }
        }
        for (String column : named) {
            if (!header.contains(column)) {
                throw new CorpusException(source, "no column '" + column + "'; the header has " + header);
            }
        }
        if (!options.valueColumns().isEmpty()) {
            return options.valueColumns();
        }
        List<String> rest = new ArrayList<>(header);
        rest.remove(options.timeColumn());
        rest.remove(options.keyColumn());
        if (rest.isEmpty()) {
            throw new CorpusException(source, "no value column; the header has " + header);
        }
        return rest;
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
