package org.sparklstm.datasets.formats;

import java.util.List;
import org.sparklstm.datasets.abc.AbcFormat;
import org.sparklstm.datasets.corpus.BadInputPolicy;
import org.sparklstm.datasets.corpus.CorpusFormat;
import org.sparklstm.datasets.midi.MidiFormat;
import org.sparklstm.datasets.midi.MidiOptions;
import org.sparklstm.datasets.rows.BinaryCellsFormat;
import org.sparklstm.datasets.rows.JsonLinesFormat;
import org.sparklstm.datasets.rows.RowOptions;
import org.sparklstm.datasets.rows.TableFormat;
import org.sparklstm.datasets.series.SeriesFormat;
import org.sparklstm.datasets.series.SeriesOptions;
import org.sparklstm.datasets.text.BytesFormat;
import org.sparklstm.datasets.text.TextFormat;

/** Looks up a {@link CorpusFormat} by its name. */
public final class CorpusFormats {
    /** Every format's name. */
    public static final List<String> NAMES = List.of(TextFormat.NAME, BytesFormat.NAME, AbcFormat.NAME,
            MidiFormat.NAME, JsonLinesFormat.NAME, TableFormat.NAME, SeriesFormat.NAME);

    private CorpusFormats() {
    }

    /**
     * @param name one of {@link #NAMES}
     * @param policy what to do with a bad file
     * @param midi how MIDI files are read (ignored by the other formats)
     * @param rows how rows become documents (ignored by the formats of files); for MIDI, a content column names
     *             the binary column of a table whose cells are MIDI files
     * @param series how CSV files become numeric series (ignored by the other formats)
     * @return the format
     * @throws IllegalArgumentException for an unknown name
     */
    public static CorpusFormat of(String name, BadInputPolicy policy, MidiOptions midi, RowOptions rows,
                                  SeriesOptions series) {
        return switch (name) {
            case TextFormat.NAME -> new TextFormat(policy);
            case BytesFormat.NAME -> new BytesFormat();
            case AbcFormat.NAME -> new AbcFormat(policy);
            case MidiFormat.NAME -> rows.textField().isEmpty() ? new MidiFormat(policy, midi)
                    : new BinaryCellsFormat(new MidiFormat(policy, midi), policy, rows);
            case JsonLinesFormat.NAME -> new JsonLinesFormat(policy, rows);
            case TableFormat.NAME -> new TableFormat(policy, rows);
            case SeriesFormat.NAME -> new SeriesFormat(policy, series);
            default -> throw new IllegalArgumentException("unknown corpus format '" + name + "'; known: " + NAMES);
        };
    }
}
