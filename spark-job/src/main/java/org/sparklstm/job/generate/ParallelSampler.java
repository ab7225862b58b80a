package org.sparklstm.job.generate;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;
import org.sparklstm.core.bundle.ModelBundle;
import org.sparklstm.core.bundle.ModelFiles;
import org.sparklstm.core.generate.Sampler;
import org.sparklstm.core.run.RunLayout;
import org.sparklstm.datasets.codec.SequenceCodec;

/**
 * Draws many samples at once on the executors: the model broadcast once, read once per task, sample {@code i}
 * drawn with seed {@code seed + i}, and written by its task as {@code samples/sample-NNNNN.EXT} under the output
 * (text, bytes, MIDI or WAV, see {@link Rendered}). The same seeds give the same files, wherever they are drawn.
 */
public final class ParallelSampler {
    private ParallelSampler() {
    }

    /** What to draw: the ids read first, what of them the piece keeps, the text shown before, and the draw. */
    public record Request(int[] readIds, int[] keptIds, String head, int length, double temperature, int topK,
                          long seed, boolean wav) implements java.io.Serializable {
    }

    /**
     * @param sc the Spark context
     * @param bundle the model
     * @param request what each sample draws
     * @param count how many samples
     * @param output the root the samples are written under
     * @return each sample's file name and description, in seed order
     * @throws IOException if the model cannot be serialised for the executors
     */
    public static List<String[]> sample(JavaSparkContext sc, ModelBundle bundle, Request request, int count,
                                        URI output) throws IOException {
        HashMap<String, byte[]> files = new HashMap<>();
        ModelFiles.write(bundle.model(), files);
        Broadcast<HashMap<String, byte[]>> model = sc.broadcast(files);
        SequenceCodec codec = bundle.codec();
        SerializableConfiguration conf = new SerializableConfiguration(sc.hadoopConfiguration());
        String folder = output.toString().replaceAll("/+$", "") + "/" + RunLayout.SAMPLES;
        List<Integer> indices = IntStream.range(0, count).boxed().toList();
        int slices = Math.max(1, Math.min(count, sc.defaultParallelism() * 4));
        try {
            return sc.parallelize(indices, slices).mapPartitions(it -> {
                List<String[]> written = new ArrayList<>();
                if (!it.hasNext()) {
                    return written.iterator();
                }
                Sampler sampler = new Sampler(ModelFiles.read(model.value()));
                while (it.hasNext()) {
                    int i = it.next();
                    int[] drawn = sampler.sample(request.readIds(), request.length(), request.temperature(),
                            request.topK(), request.seed() + i);
                    Rendered r = Rendered.of(codec, request.keptIds(), request.head(), drawn, request.wav());
                    String name = String.format(Locale.ROOT, "sample-%05d.%s", i + 1, r.extension());
                    Path path = new Path(folder + "/" + name);
                    FileSystem fs = path.getFileSystem(conf.value());
                    try (OutputStream out = fs.create(path, true)) {
                        out.write(r.bytes());
                    }
                    written.add(new String[] {name, String.valueOf(request.seed() + i), r.description()});
                }
                return written.iterator();
            }).collect();
        } finally {
            model.destroy();
        }
    }
}
