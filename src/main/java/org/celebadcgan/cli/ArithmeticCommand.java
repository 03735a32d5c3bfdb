package org.celebadcgan.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.hadoop.conf.Configuration;
import org.celebadcgan.attributes.ArithmeticFigure;
import org.celebadcgan.attributes.AttributeClassifier;
import org.celebadcgan.attributes.FaceSource;
import org.celebadcgan.attributes.LabeledImages;
import org.celebadcgan.attributes.Recipe;
import org.celebadcgan.attributes.VectorArithmetic;
import org.celebadcgan.checkpoint.CheckpointStore;
import org.celebadcgan.io.Uris;
import org.celebadcgan.model.Sampler;
import org.celebadcgan.config.HadoopConf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code arithmetic}: the DCGAN paper's vector arithmetic on a checkpoint's generator, with the exemplars of each
 * concept chosen by an attribute classifier trained on labelled faces; a PNG and a JSON summary line.
 */
@Command(name = "arithmetic", mixinStandardHelpOptions = true,
        description = "Vector arithmetic on faces (smiling woman - neutral woman + neutral man), concepts chosen by "
                + "an attribute classifier trained on --data and its list_attr_celeba.txt.")
final class ArithmeticCommand implements Runnable {

    @Option(names = "--checkpoint", required = true,
            description = "a run's output root, or its checkpoints/step-NNNNNNNN folder (URI)")
    String checkpoint;
    @Option(names = "--data", required = true,
            description = "labelled faces: a CelebA root (folder or zip) or a prepared set (URI)")
    String data;
    @Option(names = "--output", required = true, description = "the PNG to write (local path)")
    Path output;
    @Option(names = "--attributes",
            description = "list_attr_celeba.txt (URI; default: the one beside --data's images)")
    String attributes;
    @Option(names = "--recipe", defaultValue = "smile", description = "smile or glasses (default smile)")
    String recipe;
    @Option(names = "--samples", defaultValue = "1024", description = "faces drawn and scored (default 1024)")
    int samples;
    @Option(names = "--seed", defaultValue = "1", description = "noise seed (default 1)")
    long seed;
    @Option(names = "--train-images", defaultValue = "4000",
            description = "labelled faces read for the classifier, a fifth held out (default 4000)")
    int trainImages;
    @Option(names = "--epochs", defaultValue = "4", description = "classifier training epochs (default 4)")
    int epochs;

    @Mixin
    ConfigOptions options;

    @Override
    public void run() {
        Recipe r = Recipe.parse(recipe);
        positive(samples, "--samples");
        positive(epochs, "--epochs");
        if (trainImages < 10) {
            throw new IllegalArgumentException("--train-images must be at least 10, got " + trainImages);
        }
        URI dataUri = Uris.parse(data, "--data");
        URI labelsUri = attributes == null ? null : Uris.parse(attributes, "--attributes");
        Configuration conf = HadoopConf.from(options.config()); // s3a/hdfs settings from --config/--set
        try {
            LabeledImages.Source source = LabeledImages.locate(dataUri, labelsUri, conf); // before any slow step
            CheckpointStore.Loaded loaded = CheckpointOption.of(checkpoint).load(conf);
            Sampler sampler = Sampler.of(loaded.model(), loaded.state().g());

            LabeledImages faces = source.read(Recipe.ATTRIBUTES, trainImages);
            if (faces.count() < 10) {
                throw new IllegalArgumentException("--data " + data + ": only " + faces.count()
                        + " labelled images; the classifier needs at least 10");
            }
            int split = faces.count() * 4 / 5;
            long t0 = System.nanoTime();
            AttributeClassifier classifier = new AttributeClassifier(Recipe.ATTRIBUTES, seed)
                    .train(faces, 0, split, epochs, seed);
            Map<String, Double> accuracy = classifier.accuracy(faces, split, faces.count());
            System.out.printf("attribute classifier: trained on %d faces in %.1f s; held-out accuracy on %d: %s%n",
                    split, (System.nanoTime() - t0) / 1e9, faces.count() - split, accuracy);

            VectorArithmetic.Outcome outcome = VectorArithmetic.run(FaceSource.of(sampler), classifier, r, samples,
                    seed);
            if (output.toAbsolutePath().getParent() != null) {
                Files.createDirectories(output.toAbsolutePath().getParent());
            }
            try (OutputStream out = Files.newOutputStream(output)) {
                ArithmeticFigure.write(outcome, out);
            }
            System.out.printf("%s = %s? %.0f%% of the result faces are (%.0f%% of all %d samples); wrote %s%n",
                    r.formula(), r.target().name(), 100 * outcome.resultTargetRate(),
                    100 * outcome.poolTargetRate(), outcome.poolSize(), output);
            System.out.println(summary(loaded, outcome, faces.count() - split, split, accuracy));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private String summary(CheckpointStore.Loaded loaded, VectorArithmetic.Outcome o, int heldOut, int trained,
                           Map<String, Double> accuracy) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode s = json.createObjectNode();
        s.put("recipe", o.recipe().formula());
        s.put("target", o.recipe().target().name());
        s.put("checkpoint", loaded.name());
        s.put("step", loaded.state().step());
        s.put("samples", o.poolSize());
        ArrayNode concepts = s.putArray("concepts");
        for (VectorArithmetic.Choice c : o.choices()) {
            ObjectNode n = concepts.addObject();
            n.put("name", c.concept().name());
            ArrayNode idx = n.putArray("indices");
            ArrayNode scores = n.putArray("scores");
            for (int k = 0; k < c.indices().length; k++) {
                idx.add(c.indices()[k]);
                scores.add(round(c.scores()[k]));
            }
        }
        s.put("result_target_probability", round(o.resultScores()[0]));
        ArrayNode variations = s.putArray("result_target_scores");
        for (double v : o.resultScores()) {
            variations.add(round(v));
        }
        s.put("result_target_rate", round(o.resultTargetRate()));
        s.put("pool_target_rate", round(o.poolTargetRate()));
        ObjectNode cls = s.putObject("classifier");
        cls.put("train_images", trained);
        cls.put("heldout_images", heldOut);
        ObjectNode acc = cls.putObject("heldout_accuracy");
        accuracy.forEach((k, v) -> acc.put(k, round(v)));
        s.put("output", output.toString());
        return s.toString();
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    private static void positive(int v, String option) {
        if (v < 1) {
            throw new IllegalArgumentException(option + " must be at least 1, got " + v);
        }
    }
}
