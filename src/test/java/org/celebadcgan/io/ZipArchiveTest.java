package org.celebadcgan.io;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Zip archives read in place through Hadoop: zip64, short end records, bad entries named. */
class ZipArchiveTest {

    private static ZipArchive open(Path zip) throws IOException {
        FileSystem fs = FileSystem.get(zip.toUri(), new Configuration());
        return new ZipArchive(fs, new org.apache.hadoop.fs.Path(zip.toUri()));
    }

    private static void write(Path zip, int entries, boolean deflate) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.setLevel(deflate ? 6 : 0);
            for (int i = 0; i < entries; i++) {
                out.putNextEntry(new ZipEntry("img_align_celeba/" + String.format("%06d.jpg", i + 1)));
                out.write(("entry " + i).getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
    }

    @Test
    void readsAZip64ArchiveOfMoreThan65535Entries(@TempDir Path dir) throws IOException {
        Path zip = dir.resolve("big.zip");
        write(zip, 65_600, false);
        try (ZipArchive z = open(zip)) {
            List<String> names = z.fileNames();
            assertEquals(65_600, names.size());
            assertEquals("img_align_celeba/065600.jpg", names.get(65_599));
            assertArrayEquals("entry 65599".getBytes(StandardCharsets.UTF_8), z.read(names.get(65_599)));
            assertArrayEquals("entry 0".getBytes(StandardCharsets.UTF_8), z.read(names.get(0)));
        }
    }

    @Test
    void anEndRecordThatUnderCountsItsEntriesStillGivesEveryEntry(@TempDir Path dir) throws IOException {
        Path zip = dir.resolve("short.zip");
        write(zip, 5, true);
        byte[] bytes = Files.readAllBytes(zip);
        int eocd = -1;
        for (int i = bytes.length - 22; i >= 0; i--) {
            if (ByteBuffer.wrap(bytes, i, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt() == 0x06054b50) {
                eocd = i;
                break;
            }
        }
        assertTrue(eocd > 0);
        bytes[eocd + 8] = 2; // entries on this disk
        bytes[eocd + 10] = 2; // entries in total: the record now claims 2 of 5
        Files.write(zip, bytes);
        try (ZipArchive z = open(zip)) {
            assertEquals(5, z.fileNames().size());
            assertArrayEquals("entry 4".getBytes(StandardCharsets.UTF_8), z.read("img_align_celeba/000005.jpg"));
        }
    }

    @Test
    void aCorruptEntryAndANonZipAreNamed(@TempDir Path dir) throws IOException {
        Path zip = dir.resolve("bad.zip");
        write(zip, 3, true);
        byte[] bytes = Files.readAllBytes(zip);
        int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("000002.jpg") + 10; // entry 2's data
        for (int i = 0; i < 8; i++) {
            bytes[at + i] = (byte) 0xFF;
        }
        Files.write(zip, bytes);
        try (ZipArchive z = open(zip)) {
            IOException e = assertThrows(IOException.class, () -> z.read("img_align_celeba/000002.jpg"));
            assertTrue(e.getMessage().contains("bad.zip") && e.getMessage().contains("000002.jpg"), e.getMessage());
            assertArrayEquals("entry 2".getBytes(StandardCharsets.UTF_8), z.read("img_align_celeba/000003.jpg"));
        }
        Path notZip = dir.resolve("not.zip");
        Files.writeString(notZip, "hello");
        IOException e = assertThrows(IOException.class, () -> open(notZip));
        assertTrue(e.getMessage().contains("not.zip"), e.getMessage());
    }

    @Test
    void theSeekableChannelReadsAnyRangeAndRefusesWrites(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("f.bin");
        byte[] data = new byte[10_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        try (OutputStream out = Files.newOutputStream(f)) {
            out.write(data);
        }
        FileSystem fs = FileSystem.get(f.toUri(), new Configuration());
        try (HadoopSeekableChannel ch = new HadoopSeekableChannel(fs, new org.apache.hadoop.fs.Path(f.toUri()))) {
            assertEquals(10_000, ch.size());
            ByteBuffer heap = ByteBuffer.allocate(100);
            ch.position(9_950);
            assertEquals(50, ch.read(heap), "a read stops at the end");
            assertEquals(data[9_950], heap.get(0));
            assertEquals(-1, ch.read(ByteBuffer.allocate(10)));
            ByteBuffer direct = ByteBuffer.allocateDirect(16);
            ch.position(1234);
            assertEquals(16, ch.read(direct));
            assertEquals(data[1234 + 15], direct.get(15));
            assertEquals(1250, ch.position());
            assertThrows(java.nio.channels.NonWritableChannelException.class, () -> ch.write(ByteBuffer.allocate(1)));
        }
    }
}
