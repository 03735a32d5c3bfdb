package org.celebadcgan.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** generate and interpolate as a user runs them on a real (tiny) trained run: files, pixels, exit codes. */
class GeneratorCommandsTest {

    private static final int TILE = 66; // 64 px and a 2 px gutter

    @TempDir
    static Path dir;
    static String root;

    @BeforeAll
    static void trainATinyRun() {
        root = dir.resolve("run").toString();
        PrintCapture t = PrintCapture.run("train", "--set", "output.root=" + root, "--set", "data.generated=16",
                "--set", "model.gWidth=4", "--set", "model.dWidth=4", "--set", "train.batchSize=8",
                "--set", "train.steps=2", "--set", "train.syncEvery=1", "--set", "checkpoint.everySteps=1",
                "--set", "samples.everySteps=1", "--set", "log.everySteps=1");
        assertEquals(0, t.code(), t.err());
    }

    private static PrintCapture ok(String... args) {
        PrintCapture c = PrintCapture.run(args);
        assertEquals(0, c.code(), c.err());
        return c;
    }

    private static BufferedImage read(Path png) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(img != null, png + " is not a readable PNG");
        return img;
    }

    /** The pixels of tile (row, col) of a grid, or of a whole 64x64 image. */
    private static int[] pixels(BufferedImage img, int row, int col, int gutter) {
        return img.getRGB(gutter + col * (64 + gutter), gutter + row * (64 + gutter), 64, 64, null, 0, 64);
    }

    @Test
    void pngFormatWritesOneDecodable64x64PngPerImageTheSameFacesAsTheGrid() throws IOException {
        Path folder = dir.resolve("faces");
        PrintCapture c = ok("generate", "--checkpoint", root, "--output", folder.toString(), "--format", "png",
                "--count", "10", "--seed", "3");
        assertTrue(c.out().contains("step-00000002") && c.out().contains("sample-0009.png"), c.out());
        List<String> names;
        try (Stream<Path> files = Files.list(folder)) {
            names = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(10, names.size(), names.toString());
        for (int k = 0; k < 10; k++) {
            assertEquals(String.format("sample-%04d.png", k), names.get(k));
            BufferedImage img = read(folder.resolve(names.get(k)));
            assertEquals(64, img.getWidth());
            assertEquals(64, img.getHeight());
        }

        Path grid = dir.resolve("grids/ten.png");
        ok("generate", "--checkpoint", root, "--output", grid.toString(), "--count", "10", "--seed", "3");
        BufferedImage g = read(grid);
        assertEquals(2 + 8 * TILE, g.getWidth(), "8 columns of 64 px with 2 px gutters");
        assertEquals(2 + TILE, g.getHeight(), "10 images fill one row of 8");
        for (int k = 0; k < 8; k++) {
            assertTrue(java.util.Arrays.equals(pixels(g, 0, k, 2), pixels(read(folder.resolve(names.get(k))), 0, 0, 0)),
                    "png " + k + " is grid tile " + k);
        }
        ok("generate", "--checkpoint", root, "--output", grid.toString(), "--count", "24", "--format", "grid");
        assertEquals(2 + 3 * TILE, read(grid).getHeight(), "24 images: 3 rows, the grid replaced");

        PrintCapture again = PrintCapture.run("generate", "--checkpoint", root, "--output", folder.toString(),
                "--format", "png");
        assertEquals(2, again.code(), again.err());
        assertTrue(again.err().contains("--output") && again.err().contains("not empty"), again.err());
    }

    @Test
    void interpolationRowsStartAndEndAtGeneratesFacesForTheSameSeeds() throws IOException {
        for (String[] truncation : new String[][]{{}, {"--truncation", "0.7"}}) {
            String tag = truncation.length == 0 ? "plain" : "truncated";
            Path grid = dir.resolve("interp-" + tag + ".png");
            PrintCapture c = ok(concat(new String[]{"interpolate", "--checkpoint", root, "--output", grid.toString(),
                    "--rows", "3", "--steps", "5", "--seed", "4"}, truncation));
            assertTrue(c.out().contains("3 x 5") && c.out().contains("step-00000002"), c.out());
            BufferedImage g = read(grid);
            assertEquals(2 + 5 * TILE, g.getWidth(), "5 steps across");
            assertEquals(2 + 3 * TILE, g.getHeight(), "3 rows");
            Path starts = dir.resolve("starts-" + tag);
            Path ends = dir.resolve("ends-" + tag);
            ok(concat(new String[]{"generate", "--checkpoint", root, "--output", starts.toString(), "--format", "png",
                    "--count", "3", "--seed", "4"}, truncation));
            ok(concat(new String[]{"generate", "--checkpoint", root, "--output", ends.toString(), "--format", "png",
                    "--count", "3", "--seed", "5"}, truncation));
            for (int r = 0; r < 3; r++) {
                String png = String.format("sample-%04d.png", r);
                int[] first = pixels(g, r, 0, 2);
                assertTrue(java.util.Arrays.equals(first, pixels(read(starts.resolve(png)), 0, 0, 0)),
                        tag + ": row " + r + " starts at generate --seed 4's face " + r);
                assertTrue(java.util.Arrays.equals(pixels(g, r, 4, 2), pixels(read(ends.resolve(png)), 0, 0, 0)),
                        tag + ": row " + r + " ends at generate --seed 5's face " + r);
                assertFalse(java.util.Arrays.equals(first, pixels(g, r, 2, 2)), tag + ": the middle differs");
            }
        }
    }

    @Test
    void aCheckpointFolderNamesThatCheckpoint() throws IOException {
        Path png = dir.resolve("step1.png");
        PrintCapture c = ok("interpolate", "--checkpoint", root + "/checkpoints/step-00000001/", "--output",
                png.toString(), "--rows", "1", "--steps", "2");
        assertTrue(c.out().contains("step-00000001 (step 1)"), c.out());
        assertEquals(2 + 2 * TILE, read(png).getWidth());
    }

    @Test
    void badOptionsExitTwoNamingTheOption() {
        String out = dir.resolve("bad.png").toString();
        Map<String, String[]> cases = new TreeMap<>(Map.of(
                "--format", new String[]{"generate", "--checkpoint", root, "--output", out, "--format", "jpg"},
                "--rows", new String[]{"interpolate", "--checkpoint", root, "--output", out, "--rows", "0"},
                "--steps", new String[]{"interpolate", "--checkpoint", root, "--output", out, "--steps", "1"},
                "--truncation", new String[]{"generate", "--checkpoint", root, "--output", out,
                        "--truncation", "0"},
                "--count", new String[]{"generate", "--checkpoint", root, "--output", out, "--count", "0"},
                "train.stpes", new String[]{"generate", "--checkpoint", root, "--output", out,
                        "--set", "train.stpes=3"},
                "no complete checkpoint", new String[]{"interpolate", "--checkpoint", dir.resolve("none").toString(),
                        "--output", out},
                "step-00000009", new String[]{"generate", "--checkpoint", root + "/checkpoints/step-00000009",
                        "--output", out}));
        for (Map.Entry<String, String[]> e : cases.entrySet()) {
            PrintCapture c = PrintCapture.run(e.getValue());
            assertEquals(2, c.code(), e.getKey() + ": " + c.err());
            assertTrue(c.err().contains(e.getKey()), e.getKey() + ": " + c.err());
        }
        PrintCapture negative = PrintCapture.run("interpolate", "--checkpoint", root, "--output", out,
                "--truncation", "-1");
        assertEquals(2, negative.code(), negative.err());
        assertTrue(negative.err().contains("--truncation"), negative.err());
        assertFalse(Files.exists(Path.of(out)), "nothing written");
    }

    @Test
    void readersLeaveEveryFileOfTheRunAsItWas() throws Exception {
        Map<String, String> before = checksums(Path.of(root));
        assertTrue(before.size() > 10, before.keySet().toString());
        ok("generate", "--checkpoint", root, "--output", dir.resolve("r/grid.png").toString(), "--count", "8");
        ok("generate", "--checkpoint", root, "--output", dir.resolve("r/pngs").toString(), "--format", "png",
                "--count", "4", "--truncation", "1");
        ok("interpolate", "--checkpoint", root, "--output", dir.resolve("r/interp.png").toString(), "--rows", "2",
                "--steps", "3");
        ok("generate", "--checkpoint", root + "/checkpoints/step-00000001", "--output",
                dir.resolve("r/one.png").toString(), "--count", "8");
        for (String inside : new String[]{root + "/samples/latest.png", root + "/", root + "/../run/extra.png"}) {
            PrintCapture c = PrintCapture.run("generate", "--checkpoint", root + "/checkpoints/step-00000002",
                    "--output", inside);
            assertEquals(2, c.code(), inside + ": " + c.err());
            assertTrue(c.err().contains("--output") && c.err().contains("never write into it"), c.err());
        }
        PrintCapture c = PrintCapture.run("interpolate", "--checkpoint", root, "--output",
                Path.of(root).toUri() + "samples/walk.png");
        assertEquals(2, c.code(), "a file: URI of the same place: " + c.err());
        assertEquals(before, checksums(Path.of(root)));
    }

    /** Every file and folder under {@code top}: size, modification time and SHA-256 of the files. */
    private static Map<String, String> checksums(Path top) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(top)) {
            for (Path p : files.toList()) {
                String v = "folder";
                if (Files.isRegularFile(p)) {
                    byte[] sha = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
                    v = Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis() + " "
                            + HexFormat.of().formatHex(sha);
                }
                out.put(top.relativize(p).toString(), v);
            }
        }
        return out;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
