package org.celebadcgan.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.celebadcgan.testutil.LocalSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading CelebA on real (local) Spark: layouts, splits, bad files skipped and counted, limits, prepared sets. */
class CelebAReaderTest {

    @TempDir
    static Path dir;
    static SparkSession spark;
    static Path folderRoot;
    static Path zipRoot;

    @BeforeAll
    static void data() throws IOException {
        spark = LocalSpark.get();
        folderRoot = dir.resolve("folder");
        zipRoot = dir.resolve("zip");
        SynthWriter.write(folderRoot.toUri(), 40, 3, false, new Configuration());
        SynthWriter.write(zipRoot.toUri(), 40, 3, true, new Configuration());
    }

    private static ImageSource.Loaded load(Path p, CelebALayout.Split split, double maxBad) throws IOException {
        return ImageSource.load(spark, p.toUri(), split, maxBad);
    }

    private static Map<String, byte[]> pixelsByName(ImageSource.Loaded l) {
        Map<String, byte[]> out = new HashMap<>();
        for (Row r : l.images().collectAsList()) {
            out.put(r.getString(0), (byte[]) r.get(1));
        }
        return out;
    }

    @Test
    void folderAndZipGiveTheSameImagesForEachSplit() throws IOException {
        ImageSource.Loaded folder = load(folderRoot, CelebALayout.Split.TRAIN, 0);
        ImageSource.Loaded zip = load(zipRoot, CelebALayout.Split.TRAIN, 0);
        assertEquals(CelebAInput.Kind.FOLDER, folder.input().kind());
        assertEquals(CelebAInput.Kind.ZIP, zip.input().kind());
        Map<String, byte[]> a = pixelsByName(folder);
        Map<String, byte[]> b = pixelsByName(zip);
        assertEquals(32, a.size(), "80% of 40 in the train split");
        assertEquals(a.keySet(), b.keySet());
        a.forEach((k, v) -> assertArrayEquals(v, b.get(k), k));
        assertEquals(4, load(zipRoot, CelebALayout.Split.VALID, 0).summary().ok());
        assertEquals(4, load(folderRoot, CelebALayout.Split.TEST, 0).summary().ok());
        assertEquals(40, load(folderRoot, CelebALayout.Split.ALL, 0).summary().ok());
    }

    @Test
    void imageFolderAndZipFileCanBeNamedDirectly() throws IOException {
        assertEquals(32, load(folderRoot.resolve("img_align_celeba"), CelebALayout.Split.TRAIN, 0).summary().ok());
        assertEquals(32, load(zipRoot.resolve("img_align_celeba.zip"), CelebALayout.Split.TRAIN, 0).summary().ok());
    }

    @Test
    void badFilesAreSkippedCountedAndNamed() throws IOException {
        Path root = dir.resolve("bad");
        SynthWriter.write(root.toUri(), 40, 4, false, new Configuration());
        Path images = root.resolve("img_align_celeba");
        Files.write(images.resolve("000002.jpg"), new byte[0]);
        Files.writeString(images.resolve("000003.jpg"), "not an image", StandardCharsets.UTF_8);
        byte[] good = Files.readAllBytes(images.resolve("000004.jpg"));
        Files.write(images.resolve("000004.jpg"), java.util.Arrays.copyOf(good, good.length / 2));
        Files.delete(images.resolve("000005.jpg")); // named in the partition file, absent

        ImageSource.Loaded l = load(root, CelebALayout.Split.TRAIN, 0.5);
        DecodeSummary s = l.summary();
        assertEquals(28, s.ok());
        assertEquals(Map.of("empty_file", 1L, "not_an_image", 1L, "truncated", 1L, "missing", 1L),
                s.skippedByReason());
        assertTrue(s.examples().get("missing").get(0).startsWith("000005.jpg"), s.examples().toString());
        assertEquals(28, l.images().count());

        var e = assertThrows(IllegalStateException.class, () -> load(root, CelebALayout.Split.TRAIN, 0.01));
        assertTrue(e.getMessage().contains("data.maxBadFraction") && e.getMessage().contains("000002.jpg"),
                e.getMessage());
    }

    @Test
    void emptyFolderAndMissingPathFailNamingThem() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty/img_align_celeba"));
        var e = assertThrows(IllegalArgumentException.class, () -> load(empty, CelebALayout.Split.ALL, 0.01));
        assertTrue(e.getMessage().contains("no images found") && e.getMessage().contains("empty"), e.getMessage());
        var m = assertThrows(IllegalArgumentException.class,
                () -> load(dir.resolve("nowhere"), CelebALayout.Split.ALL, 0.01));
        assertTrue(m.getMessage().contains("nowhere") && m.getMessage().contains("does not exist"), m.getMessage());
    }

    @Test
    void allFilesBadFailsEvenWithATolerantLimit() throws IOException {
        Path root = dir.resolve("allbad/img_align_celeba");
        Files.createDirectories(root);
        Files.writeString(root.resolve("a.jpg"), "x");
        var e = assertThrows(IllegalStateException.class, () -> load(root, CelebALayout.Split.ALL, 1.0));
        assertTrue(e.getMessage().contains("no usable images"), e.getMessage());
    }

    @Test
    void preparedSetRoundTripsWithoutDecoding() throws IOException {
        ImageSource.Loaded raw = load(zipRoot, CelebALayout.Split.TRAIN, 0);
        Path out = dir.resolve("prepared");
        var fs = org.apache.hadoop.fs.FileSystem.get(out.toUri(), new Configuration());
        PreparedSet.write(raw.images(), raw.summary(), raw.listed(), new org.apache.hadoop.fs.Path(out.toUri()),
                zipRoot.toUri().toString(), "train", fs);
        var manifest = PreparedSet.manifest(fs, new org.apache.hadoop.fs.Path(out.toUri()));
        assertEquals(32, manifest.get("count").asInt());
        assertEquals(32, manifest.get("listed").asInt());
        assertEquals(32, PreparedSet.rowsWritten(fs, new org.apache.hadoop.fs.Path(out.toUri() + "/data")),
                "count is what the Parquet footers hold");
        assertEquals(3, manifest.get("pixel_mean").size());
        ImageSource.Loaded prepared = load(out, CelebALayout.Split.TRAIN, 0);
        assertEquals(CelebAInput.Kind.PREPARED, prepared.input().kind());
        Map<String, byte[]> a = pixelsByName(raw);
        Map<String, byte[]> b = pixelsByName(prepared);
        assertEquals(a.keySet(), b.keySet());
        a.forEach((k, v) -> assertArrayEquals(v, b.get(k), k));
        var again = assertThrows(IllegalArgumentException.class, () -> PreparedSet.write(raw.images(),
                raw.summary(), raw.listed(), new org.apache.hadoop.fs.Path(out.toUri()), "x", "train", fs));
        assertTrue(again.getMessage().contains("not empty"), "nothing already written is overwritten");
    }

    @Test
    void shardsAreExactlyEqualAndPersisted() throws IOException {
        ImageSource.Loaded l = load(folderRoot, CelebALayout.Split.ALL, 0);
        var shards = Shards.of(l.images(), 3, 11);
        List<Integer> sizes = shards.mapPartitions(it -> {
            int n = 0;
            while (it.hasNext()) {
                it.next();
                n++;
            }
            return List.of(n).iterator();
        }).collect();
        assertEquals(List.of(13, 13, 13), sizes, "40 images over 3 workers: 13 each, one left out");
        assertTrue(shards.getStorageLevel().useMemory());
        assertEquals(3, shards.getNumPartitions());
    }

    @Test
    void anUploadInProgressIsCountedAsNotReadAndEveryListedFileIsAccountedFor() throws IOException {
        Path root = dir.resolve("copying/img_align_celeba");
        SynthWriter.write(dir.resolve("copying").toUri(), 12, 5, false, new Configuration());
        Files.delete(dir.resolve("copying/list_eval_partition.txt")); // every file of the folder counts
        Files.copy(root.resolve("000001.jpg"), root.resolve("000013.jpg._COPYING_")); // hdfs dfs -put, mid-way
        ImageSource.Loaded l = load(root, CelebALayout.Split.ALL, 0.5);
        assertEquals(13, l.listed());
        assertEquals(12, l.summary().ok());
        assertEquals(Map.of("not_read", 1L), l.summary().skippedByReason(), "Spark's index skips it; we say so");
        assertTrue(l.summary().examples().get("not_read").get(0).startsWith("000013.jpg._COPYING_"),
                l.summary().examples().toString());
    }

    @Test
    void aFileSparkDropsUnderIgnoreMissingFilesIsCountedAsNotRead() throws IOException {
        Path parent = dir.resolve("vanish");
        SynthWriter.write(parent.toUri(), 12, 6, false, new Configuration());
        Files.delete(parent.resolve("list_eval_partition.txt"));
        Path root = parent.resolve("img_align_celeba");
        spark.conf().set("spark.sql.files.ignoreMissingFiles", "true");
        try {
            CelebAReader.Decoding d = CelebAReader.decode(spark, CelebAInput.resolve(root.toUri(),
                    org.apache.hadoop.fs.FileSystem.get(root.toUri(), new Configuration())), CelebALayout.Split.ALL);
            Files.delete(root.resolve("000007.jpg")); // gone between listing and reading: Spark drops it silently
            DecodeSummary s = d.results().aggregate(new DecodeSummary(), DecodeSummary::add, DecodeSummary::merge);
            assertEquals(11, s.ok() + s.skippedTotal(), "the failure to account for: 12 listed, 11 came back");
            FileAccounting.settle(d.listed(), s, () -> d.results().map(DecodeResult::name).collect(), "vanish");
            assertEquals(Map.of("not_read", 1L), s.skippedByReason());
            assertTrue(s.examples().get("not_read").get(0).startsWith("000007.jpg"), s.examples().toString());
        } finally {
            spark.conf().unset("spark.sql.files.ignoreMissingFiles");
        }
    }

    @Test
    void accountingFailsWithTheNumbersWhenResultsDoNotMatchTheListing() {
        DecodeSummary s = new DecodeSummary();
        s.add(DecodeResult.skipped("a.jpg", SkipReason.CORRUPT, "x"));
        s.add(DecodeResult.skipped("a.jpg", SkipReason.CORRUPT, "x")); // decoded twice
        s.add(DecodeResult.skipped("b.jpg", SkipReason.CORRUPT, "x"));
        var e = assertThrows(IllegalStateException.class, () -> FileAccounting.settle(java.util.Set.of("a.jpg"), s,
                () -> java.util.List.of("a.jpg", "a.jpg", "b.jpg"), "in"));
        assertTrue(e.getMessage().contains("listed 1 files") && e.getMessage().contains("a.jpg")
                && e.getMessage().contains("b.jpg"), e.getMessage());
        var rows = assertThrows(IllegalStateException.class, () -> FileAccounting.checkRows(40, 39, "set"));
        assertTrue(rows.getMessage().contains("39 rows but 40"), rows.getMessage());
    }
}
