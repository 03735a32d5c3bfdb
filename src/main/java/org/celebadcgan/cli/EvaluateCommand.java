package org.celebadcgan.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.celebadcgan.checkpoint.CheckpointStore;
import org.celebadcgan.config.HadoopConf;
import org.celebadcgan.config.JobSettings;
import org.celebadcgan.data.ImageSource;
import org.celebadcgan.eval.DescriptorSet;
import org.celebadcgan.eval.SlicedWasserstein;
import org.celebadcgan.io.Uris;
import org.celebadcgan.runtime.SparkSessions;
import org.celebadcgan.spark.SwdEvaluator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code evaluate}: SWD of a generator's (or a folder's) images against real ones, per level and average. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "SWD x10^3 (sliced Wasserstein distance, lower is better) of generated vs real images, per "
                + "pyramid level (64, 32, 16 px) and their average; the last line is JSON.")
final class EvaluateCommand implements Runnable {

    @Mixin
    ConfigOptions options;
    @Option(names = "--checkpoint", paramLabel = "URI",
            description = "a run's output root (its newest complete checkpoint) or a checkpoints/step-NNNNNNNN folder: "
                    + "its generator makes the images")
    String checkpoint;
    @Option(names = "--fake", paramLabel = "URI",
            description = "instead of --checkpoint: a folder of 64x64 PNGs (the first N by name)")
    String fake;
    @Option(names = "--real", required = true, paramLabel = "URI",
            description = "real images: CelebA (a folder or zip, data.split of it) or a prepared set")
    String real;
    @Option(names = "--images", paramLabel = "N", description = "images on each side (default: eval.images)")
    Integer images;
    @Option(names = "--seed", defaultValue = "1",
            description = "seed of the generated latents, neighbourhood positions and directions (default 1)")
    long seed;

    @Override
    public void run() {
        if ((checkpoint == null) == (fake == null)) {
            throw new IllegalArgumentException("give exactly one of --checkpoint and --fake");
        }
        Config config = options.config();
        JobSettings s = JobSettings.from(config);
        int n = images != null ? images : s.evalImages();
        if (n < 2) {
            throw new IllegalArgumentException("--images must be at least 2, got " + n);
        }
        Configuration hadoop = HadoopConf.from(config);
        // Inputs are checked before Spark starts: a wrong URI fails in a second, not after a minute of set-up.
        CheckpointStore.Loaded generator = checkpoint != null ? CheckpointOption.of(checkpoint).load(hadoop) : null;
        List<String> pngs = fake != null ? pngs(fake, hadoop, n) : null;
        long t0 = System.nanoTime();
        SparkSession spark = SparkSessions.create(config, "celeba-dcgan evaluate",
                SwdEvaluator.SPARK_DEFAULTS);
        try {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            ImageSource.Loaded loaded;
            try {
                loaded = ImageSource.load(spark, Uris.parse(real, "--real"), s.split(), s.maxBadFraction());
            } catch (IOException e) {
                throw new UncheckedIOException("--real " + real + ": " + e.getMessage(), e);
            }
            long available = loaded.images().count();
            if (available < n) {
                throw new IllegalArgumentException("--real " + real + " holds " + available + " images, fewer than "
                        + "--images " + n);
            }
            DescriptorSet realSet = SwdEvaluator.real(SwdEvaluator.inFixedOrder(loaded.images()), n, seed);
            DescriptorSet fakeSet = generator != null
                    ? SwdEvaluator.generated(jsc, generator.model(), generator.state().g(), n, seed, s.device())
                    : SwdEvaluator.pngs(jsc, pngs, n, seed, hadoop);
            SlicedWasserstein.Result r = SlicedWasserstein.distance(realSet, fakeSet, seed);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double[] l = r.levels();
            System.out.printf(Locale.ROOT, "SWD x1e3 of %d %s vs %d real images: %.2f (64 px %.2f, 32 px %.2f, "
                            + "16 px %.2f) in %.1f s%n", n, generator != null ? "generated (" + generator.name() + ")"
                            : "PNG", n, r.average(), l[0], l[1], l[2], seconds);
            ObjectNode json = new ObjectMapper().createObjectNode();
            json.put("swd", r.average());
            json.putPOJO("swd_levels", r.levelList());
            json.putPOJO("levels_px", List.of(64, 32, 16));
            json.put("images", n);
            json.put("real", real);
            if (generator != null) {
                json.put("checkpoint", checkpoint);
                json.put("step", generator.state().step());
            } else {
                json.put("fake", fake);
            }
            json.put("seed", seed);
            json.put("seconds", Math.round(seconds * 10) / 10.0);
            System.out.println(json);
        } finally {
            spark.stop();
        }
    }

    /** The first {@code n} *.png files of {@code folder}, by name; fails naming --fake when there are fewer. */
    private static List<String> pngs(String folder, Configuration hadoop, int n) {
        URI uri = Uris.parse(folder, "--fake");
        try {
            FileSystem fs = FileSystem.get(uri, hadoop);
            Path dir = new Path(uri);
            if (!fs.getFileStatus(dir).isDirectory()) {
                throw new IllegalArgumentException("--fake " + folder + " is not a folder");
            }
            List<String> names = new ArrayList<>();
            for (FileStatus f : fs.listStatus(dir)) {
                if (f.isFile() && f.getPath().getName().toLowerCase(Locale.ROOT).endsWith(".png")) {
                    names.add(f.getPath().toString());
                }
            }
            names.sort(null);
            if (names.size() < n) {
                throw new IllegalArgumentException("--fake " + folder + " holds " + names.size() + " PNGs, fewer than "
                        + "--images " + n);
            }
            return names.subList(0, n);
        } catch (java.io.FileNotFoundException e) {
            throw new IllegalArgumentException("--fake " + folder + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("--fake " + folder + ": " + e.getMessage(), e);
        }
    }
}
