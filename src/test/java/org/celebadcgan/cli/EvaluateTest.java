package org.celebadcgan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.conf.Configuration;
import org.celebadcgan.io.MetricsLog;
import org.celebadcgan.io.MetricsRecord;
import org.celebadcgan.io.OutputRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The quality number end to end: a short run scores itself at step 0, at its evaluation points and at the end
 * (log, metrics.jsonl, report, the closing summary line); {@code evaluate} scores a checkpoint's generator and a folder of
 * PNGs against real CelebA-layout data; its mistakes exit 2 naming the option.
 */
class EvaluateTest {

    static final String[] SPARK = {"--set", "spark.master=local[2]", "--set", "spark.ui.enabled=false"};

    static PrintCapture run(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + SPARK.length);
        System.arraycopy(SPARK, 0, all, args.length, SPARK.length);
        return PrintCapture.run(all);
    }

    @Test
    void benchSwdPrintsItsFiguresAndTheJsonSummaryLast() throws Exception {
        PrintCapture c = run("bench-swd", "--images", "8");
        assertEquals(0, c.code(), c.err());
        JsonNode json = lastJson(c.out());
        for (String key : new String[]{"images", "swd", "swd_levels", "describe_s", "distance_s", "s_per_1000_images"}) {
            assertTrue(json.has(key), key + " in " + json);
        }
        assertEquals(8, json.get("images").asInt());
        assertTrue(json.get("swd").asDouble() > 0, "two different sets of faces");
        assertTrue(c.out().contains("per 1,000 images"), c.out());
    }

    static JsonNode lastJson(String out) throws Exception {
        String[] lines = out.strip().split("\n");
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }

    @Test
    void aRunScoresItselfAtStepZeroItsPointsAndItsEndThenEvaluateScoresItsGenerator(@TempDir Path dir)
            throws Exception {
        String root = dir.resolve("run").toString();
        PrintCapture c = run("train", "--set", "output.root=" + root, "--set", "data.generated=192",
                "--set", "model.arch=paper", "--set", "model.gWidth=8", "--set", "model.dWidth=8",
                "--set", "train.batchSize=16", "--set", "train.workers=2", "--set", "train.syncEvery=4",
                "--set", "train.steps=24", "--set", "eval.everySteps=10", "--set", "eval.images=64",
                "--set", "samples.everySteps=24", "--set", "log.everySteps=12");
        assertEquals(0, c.code(), c.err());
        List<MetricsRecord> evals = MetricsLog.read(new OutputRoot(dir.resolve("run").toUri(), new Configuration()))
                .stream().filter(r -> r.swd() != null).toList();
        assertEquals(List.of(0L, 12L, 20L, 24L), evals.stream().map(MetricsRecord::step).toList(),
                "step 0, the round ends reaching 10 and 20, and the end");
        for (MetricsRecord r : evals) {
            assertEquals(3, r.swdLevels().size());
            assertEquals(r.swdLevels().stream().mapToDouble(Double::doubleValue).average().orElseThrow(), r.swd(),
                    1e-9, "the average of the levels");
            assertTrue(r.swd() > 20 && r.swd() < 1000, "an untrained generator is far from the faces: " + r.swd());
        }
        double first = evals.get(0).swd();
        double last = evals.get(3).swd();
        assertTrue(first != last, "the generator changed, and so did its score");
        assertTrue(c.out().contains(String.format(java.util.Locale.ROOT, "SWD x1e3 went from %.1f at step 0 to %.1f "
                + "at step 24", first, last)), c.out());
        assertTrue(Files.readString(dir.resolve("run/index.html")).contains("SWD"), "the report draws it");

        String celeba = dir.resolve("celeba").toString();
        assertEquals(0, PrintCapture.run("synth", "--output", celeba, "--count", "80").code());
        c = run("evaluate", "--checkpoint", root, "--real", celeba, "--images", "64", "--set", "data.split=all");
        assertEquals(0, c.code(), c.err());
        JsonNode json = lastJson(c.out());
        assertEquals(24, json.get("step").asLong());
        assertEquals(64, json.get("images").asInt());
        assertEquals(3, json.get("swd_levels").size());
        double swd = json.get("swd").asDouble();
        double mean = 0;
        for (JsonNode l : json.get("swd_levels")) {
            mean += l.asDouble() / 3;
        }
        assertEquals(mean, swd, 1e-9, "swd is the levels' average");
        assertTrue(swd > 0, c.out());

        Path pngs = dir.resolve("pngs");
        c = PrintCapture.run("generate", "--checkpoint", root, "--output", pngs.toString(), "--count", "64",
                "--format", "png");
        assertEquals(0, c.code(), c.err());
        c = run("evaluate", "--fake", pngs.toString(), "--real", celeba, "--images", "64", "--set", "data.split=all");
        assertEquals(0, c.code(), c.err());
        JsonNode fromPngs = lastJson(c.out());
        assertEquals(pngs.toString(), fromPngs.get("fake").asText());
        assertTrue(fromPngs.get("swd").asDouble() > 0);
        // The same generator, other latents: a score of the same size, not the same bits.
        assertTrue(Math.abs(fromPngs.get("swd").asDouble() - swd) < 0.5 * swd, fromPngs + " vs " + json);

        c = run("evaluate", "--checkpoint", root, "--fake", pngs.toString(), "--real", celeba);
        assertEquals(2, c.code(), c.err());
        assertTrue(c.err().contains("exactly one of --checkpoint and --fake"), c.err());
        c = run("evaluate", "--fake", pngs.toString(), "--real", celeba, "--images", "65");
        assertEquals(2, c.code(), c.err());
        assertTrue(c.err().contains("--fake") && c.err().contains("64 PNGs"), c.err());
        c = run("evaluate", "--checkpoint", root, "--real", celeba, "--images", "500", "--set", "data.split=all");
        assertEquals(2, c.code(), c.err());
        assertTrue(c.err().contains("--real " + celeba) && c.err().contains("80 images"), c.err());
    }
}
