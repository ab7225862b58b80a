package org.sparklstm.datasets.series;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.sparklstm.datasets.CorpusException;
import org.sparklstm.datasets.corpus.BadRows;

/**
 * Reads the numeric series of one CSV file with a header row (Apache Commons CSV): one series per value column,
 * or per value column and key when a key column is named, ordered by the time column if one is named. Bad cells
 * are counted ({@link SeriesRows}), never fatal; a row whose cells do not match the header is malformed. A file
 * without a named column is refused whole, naming the columns it has.
 */
public final class SeriesReader {
    private final SeriesOptions options;

    /** @param options which columns hold what, and the transform (to count the levels it cannot take) */
    public SeriesReader(SeriesOptions options) {
        this.options = options;
    }

    /**
     * What one source gave: its series, and the cells and series left out.
     *
     * @param series the series, each in time order
     * @param bad the cells, rows and series left out
     */
    public record Read(List<Series> series, BadRows bad) {
    }

    /**
     * @param source the file's path or URI
     * @param bytes its content, UTF-8
     * @return its series and its bad cells
     * @throws CorpusException if the file is not CSV with a header holding the named columns
     */
    public Read read(String source, byte[] bytes) {
        CSVFormat csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreEmptyLines(true).build();
        try (CSVParser parser = CSVParser.parse(new StringReader(new String(bytes, StandardCharsets.UTF_8)), csv)) {
            List<String> header = parser.getHeaderNames();
            SeriesRows rows = new SeriesRows(options, source, options.valueColumnsOf(header, column -> true),
                    true);
            for (CSVRecord record : parser) {
                long row = record.getRecordNumber() + 1;
                String where = rows.name() + " row " + row;
                if (record.isConsistent()) {
                    rows.add(where, row, record::get);
                } else {
                    rows.malformed(where, record.size() + " cells, the header has " + header.size());
                }
            }
            return rows.done();
        } catch (IllegalArgumentException missing) {
            throw new CorpusException(source, missing.getMessage());
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new CorpusException(source, "not a CSV file with a header row: " + e.getMessage());
        }
    }
}
