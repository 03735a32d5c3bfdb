package org.celebadcgan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.conf.Configuration;
import org.celebadcgan.attributes.LabeledImages;
import org.celebadcgan.attributes.Recipe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code arithmetic} as a user runs it: on a trained checkpoint and synth data, raw or prepared. */
class ArithmeticCommandTest {

    @Test
    void writesTheFigureAndJsonFromRawAndPreparedDataWithoutTouchingTheRun(@TempDir Path dir) throws Exception {
        String celeba = dir.resolve("celeba").toString();
        String prepared = dir.resolve("prepared").toString();
        String run = dir.resolve("run").toString();
        assertEquals(0, PrintCapture.run("synth", "--output", celeba, "--count", "150", "--seed", "4").code());
        PrintCapture c = PrintCapture.run("prepare", "--input", celeba, "--output", prepared,
                "--set", "spark.master=local[2]", "--set", "spark.ui.enabled=false");
        assertEquals(0, c.code(), c.err());
        c = PrintCapture.run("train", "--set", "output.root=" + run, "--set", "data.generated=16",
                "--set", "model.arch=paper", "--set", "model.gWidth=4", "--set", "model.dWidth=4",
                "--set", "train.batchSize=8", "--set", "train.steps=2", "--set", "train.syncEvery=1",
                "--set", "spark.master=local[2]", "--set", "spark.ui.enabled=false");
        assertEquals(0, c.code(), c.err());

        // The prepared set's pixels and the raw images decoded by the command's own reader are the same faces.
        LabeledImages raw = LabeledImages.load(Path.of(celeba).toUri(), null, Recipe.ATTRIBUTES, 120,
                new Configuration());
        LabeledImages fromPrepared = LabeledImages.load(Path.of(prepared).toUri(), null, Recipe.ATTRIBUTES, 120,
                new Configuration());
        assertEquals(120, fromPrepared.count());
        for (int i = 0; i < fromPrepared.count(); i++) {
            int j = raw.names().indexOf(fromPrepared.names().get(i));
            assertTrue(j >= 0, fromPrepared.names().get(i));
            assertArrayEquals(raw.images().get(j), fromPrepared.images().get(i), fromPrepared.names().get(i));
            assertArrayEquals(raw.labels().get(j), fromPrepared.labels().get(i), fromPrepared.names().get(i));
        }

        Map<String, String> before = snapshot(Path.of(run));
        for (String data : new String[]{celeba, prepared}) {
            Path png = dir.resolve("out/arith.png");
            c = PrintCapture.run("arithmetic", "--checkpoint", run, "--data", data, "--output", png.toString(),
                    "--train-images", "60", "--epochs", "1", "--samples", "64");
            assertEquals(0, c.code(), c.err());
            BufferedImage img = ImageIO.read(png.toFile());
            assertEquals(190 + 2 * (4 * 66 + 2), img.getWidth()); // labels, then 4 faces of 64 + 2-pixel gutters
            assertEquals(22 + 2 * (5 * 66 + 2), img.getHeight()); // header, 3 concept rows and 2 result rows
            String[] lines = c.out().strip().split("\n");
            JsonNode s = new ObjectMapper().readTree(lines[lines.length - 1]);
            assertEquals("smiling woman - neutral woman + neutral man", s.get("recipe").asText());
            assertEquals("smiling man", s.get("target").asText());
            assertEquals(2, s.get("step").asInt());
            assertEquals(64, s.get("samples").asInt());
            assertEquals(3, s.get("concepts").size());
            for (JsonNode concept : s.get("concepts")) {
                assertEquals(3, concept.get("indices").size(), concept.toString());
                assertTrue(concept.get("scores").get(0).asDouble() >= concept.get("scores").get(2).asDouble());
            }
            double p = s.get("result_target_probability").asDouble();
            assertTrue(p >= 0 && p <= 1, s.toString());
            assertEquals(8, s.get("result_target_scores").size());
            assertEquals(48, s.at("/classifier/train_images").asInt());
            assertEquals(3, s.at("/classifier/heldout_accuracy").size());
        }
        assertEquals(before, snapshot(Path.of(run)), "arithmetic only reads the run");

        c = PrintCapture.run("arithmetic", "--checkpoint", run + "/checkpoints/step-00000002", "--data", celeba,
                "--output", dir.resolve("b.png").toString(), "--train-images", "20", "--epochs", "1",
                "--samples", "1", "--recipe", "glasses");
        assertEquals(0, c.code(), c.err());
        assertTrue(c.out().contains("\"target\":\"woman with glasses\""), c.out());
    }

    @Test
    void badOptionsExitTwoNamingTheOption(@TempDir Path dir) throws Exception {
        String png = dir.resolve("a.png").toString();
        String celeba = dir.resolve("celeba").toString();
        assertEquals(0, PrintCapture.run("synth", "--output", celeba, "--count", "12").code());
        String[][] cases = {
                {"--samples", "0"}, {"--recipe", "frown"}, {"--epochs", "0"}, {"--train-images", "3"},
                {"--data", dir.resolve("nope").toString()}, {"--attributes", dir.resolve("no.txt").toString()},
                {"--checkpoint", dir.resolve("empty").toString()},
        };
        for (String[] bad : cases) {
            Map<String, String> opts = new TreeMap<>(Map.of("--checkpoint", dir.resolve("empty").toString(),
                    "--data", celeba, "--output", png));
            opts.put(bad[0], bad[1]);
            Stream.Builder<String> args = Stream.<String>builder().add("arithmetic");
            opts.forEach((k, v) -> args.add(k).add(v));
            PrintCapture c = PrintCapture.run(args.build().toArray(String[]::new));
            assertEquals(2, c.code(), bad[0] + ": " + c.err());
            assertTrue(c.err().contains(bad[0]), bad[0] + ": " + c.err());
        }
        PrintCapture c = PrintCapture.run("arithmetic", "--checkpoint", celeba, "--output", png);
        assertEquals(2, c.code());
        assertTrue(c.err().contains("--data"), c.err());
        assertTrue(!Files.exists(Path.of(png)), "no figure from a failed command");
    }

    private static Map<String, String> snapshot(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String key = root.relativize(f).toString();
                out.put(key, Files.isDirectory(f) ? "dir" : HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)))
                        + " " + Files.getLastModifiedTime(f));
            }
        }
        return out;
    }
}
