package org.celebadcgan.data;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Generated data in CelebA's exact layout, deterministic, with attributes that say what was drawn. */
class SynthWriterTest {

    @Test
    void writesCelebaLayoutDeterministically(@TempDir Path dir) throws Exception {
        SynthWriter.write(dir.resolve("a").toUri(), 20, 5, false, new Configuration());
        SynthWriter.write(dir.resolve("b").toUri(), 20, 5, false, new Configuration());
        Path images = dir.resolve("a/img_align_celeba");
        assertEquals(20, Files.list(images).count());
        assertArrayEquals(Files.readAllBytes(images.resolve("000007.jpg")),
                Files.readAllBytes(dir.resolve("b/img_align_celeba/000007.jpg")));
        var img = javax.imageio.ImageIO.read(images.resolve("000001.jpg").toFile());
        assertEquals(178, img.getWidth());
        assertEquals(218, img.getHeight());

        List<String> partition = Files.readAllLines(dir.resolve("a/list_eval_partition.txt"));
        assertEquals(20, partition.size());
        assertEquals("000001.jpg 0", partition.get(0));
        assertEquals("000017.jpg 1", partition.get(16));
        assertEquals("000020.jpg 2", partition.get(19));

        List<String> attrs = Files.readAllLines(dir.resolve("a/list_attr_celeba.txt"));
        assertEquals("20", attrs.get(0));
        assertEquals(CelebALayout.ATTRIBUTES, List.of(attrs.get(1).trim().split("\\s+")));
        SyntheticFaces faces = new SyntheticFaces(5);
        for (int i = 0; i < 20; i++) {
            String[] parts = attrs.get(i + 2).trim().split("\\s+");
            assertEquals(CelebALayout.imageName(i + 1), parts[0]);
            Set<String> onFile = new TreeSet<>();
            for (int a = 0; a < 40; a++) {
                assertTrue(parts[a + 1].equals("1") || parts[a + 1].equals("-1"));
                if (parts[a + 1].equals("1")) {
                    onFile.add(CelebALayout.ATTRIBUTES.get(a));
                }
            }
            assertEquals(faces.render(i, 178, 218).attributes(), onFile, "image " + (i + 1));
        }
    }

    @Test
    void attributesVaryAcrossFaces() {
        SyntheticFaces faces = new SyntheticFaces(9);
        int n = 400;
        int[] counts = new int[5];
        String[] names = {"Smiling", "Eyeglasses", "Male", "Blond_Hair", "Goatee"};
        for (int i = 0; i < n; i++) {
            Set<String> a = faces.render(i, 64, 78).attributes();
            for (int k = 0; k < names.length; k++) {
                counts[k] += a.contains(names[k]) ? 1 : 0;
            }
            assertTrue(!a.contains("Goatee") || a.contains("Male"), "beards are drawn on Male faces");
            assertTrue(a.contains("No_Beard") != a.contains("Goatee"));
        }
        for (int k = 0; k < names.length; k++) {
            assertTrue(counts[k] > n / 20 && counts[k] < n * 19 / 20, names[k] + ": " + counts[k] + " of " + n);
        }
    }

    @Test
    void synthStreamsSoAHeapFarSmallerThanTheImagesWritesThem(@TempDir Path dir) throws Exception {
        // 3,000 faces hold ~350 MB as images; the old writer kept them all and died at this heap.
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                System.getProperty("java.home") + "/bin/java", "-Xmx128m", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "org.celebadcgan.cli.Main", "synth", "--zip", "--count", "3000", "--output",
                dir.resolve("big").toUri().toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        java.nio.file.Path zip = dir.resolve("big/img_align_celeba.zip");
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
            assertEquals(3000, z.size());
        }
        assertEquals(3002, java.nio.file.Files.readAllLines(dir.resolve("big/list_attr_celeba.txt")).size());
    }
}
