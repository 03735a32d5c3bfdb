package org.celebadcgan.io;

import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The entries of a zip archive on any Hadoop file system, read from its central directory with a few seeks, and
 * the reading of single entries by offset: so Spark tasks can each open the archive and read their own range of
 * entries, instead of one task streaming the whole file. Stored and deflated entries; no zip64.
 */
public final class ZipIndex {

    /** One file in the archive: where its local header starts and how to unpack it. */
    public record Entry(String name, long localHeaderOffset, long compressedSize, long size, int method)
            implements Serializable {
    }

    private static final int EOCD_SIG = 0x06054b50;
    private static final int CEN_SIG = 0x02014b50;
    private static final int LOC_SIG = 0x04034b50;

    private ZipIndex() {
    }

    /** Lists every entry (directories included) of the archive at {@code path}. */
    public static List<Entry> list(FileSystem fs, Path path) throws IOException {
        long length = fs.getFileStatus(path).getLen();
        try (FSDataInputStream in = fs.open(path)) {
            int tail = (int) Math.min(length, 65_535 + 22);
            byte[] end = new byte[tail];
            in.readFully(length - tail, end);
            ByteBuffer b = ByteBuffer.wrap(end).order(ByteOrder.LITTLE_ENDIAN);
            int eocd = -1;
            for (int i = tail - 22; i >= 0; i--) {
                if (b.getInt(i) == EOCD_SIG) {
                    eocd = i;
                    break;
                }
            }
            if (eocd < 0) {
                throw new IOException(path + " is not a zip archive (no end of central directory)");
            }
            int count = Short.toUnsignedInt(b.getShort(eocd + 10));
            long cdSize = Integer.toUnsignedLong(b.getInt(eocd + 12));
            long cdOffset = Integer.toUnsignedLong(b.getInt(eocd + 16));
            if (count == 0xFFFF || cdOffset == 0xFFFFFFFFL) {
                throw new IOException(path + " is a zip64 archive, which is not supported; unzip it to a folder");
            }
            byte[] cd = new byte[Math.toIntExact(cdSize)];
            in.readFully(cdOffset, cd);
            ByteBuffer c = ByteBuffer.wrap(cd).order(ByteOrder.LITTLE_ENDIAN);
            List<Entry> entries = new ArrayList<>(count);
            int p = 0;
            for (int i = 0; i < count; i++) {
                if (c.getInt(p) != CEN_SIG) {
                    throw new IOException(path + ": corrupt central directory at entry " + i);
                }
                int method = Short.toUnsignedInt(c.getShort(p + 10));
                long compressed = Integer.toUnsignedLong(c.getInt(p + 20));
                long size = Integer.toUnsignedLong(c.getInt(p + 24));
                int nameLen = Short.toUnsignedInt(c.getShort(p + 28));
                int extraLen = Short.toUnsignedInt(c.getShort(p + 30));
                int commentLen = Short.toUnsignedInt(c.getShort(p + 32));
                long local = Integer.toUnsignedLong(c.getInt(p + 42));
                String name = new String(cd, p + 46, nameLen, StandardCharsets.UTF_8);
                entries.add(new Entry(name, local, compressed, size, method));
                p += 46 + nameLen + extraLen + commentLen;
            }
            return entries;
        }
    }

    /** Reads and unpacks one entry from an open stream of the archive. */
    public static byte[] read(FSDataInputStream in, Entry e) throws IOException {
        byte[] header = new byte[30];
        in.readFully(e.localHeaderOffset(), header);
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        if (h.getInt(0) != LOC_SIG) {
            throw new IOException("entry " + e.name() + ": no local header at offset " + e.localHeaderOffset());
        }
        long dataStart = e.localHeaderOffset() + 30 + Short.toUnsignedInt(h.getShort(26))
                + Short.toUnsignedInt(h.getShort(28));
        byte[] raw = new byte[Math.toIntExact(e.compressedSize())];
        in.readFully(dataStart, raw);
        if (e.method() == 0) {
            return raw;
        }
        if (e.method() != 8) {
            throw new IOException("entry " + e.name() + ": compression method " + e.method() + " not supported");
        }
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(raw);
            byte[] out = new byte[Math.toIntExact(e.size())];
            int n = 0;
            while (n < out.length && !inflater.finished()) {
                int got = inflater.inflate(out, n, out.length - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IOException("entry " + e.name() + ": deflate data ends early");
                }
                n += got;
            }
            return n == out.length ? out : java.util.Arrays.copyOf(out, n);
        } catch (DataFormatException ex) {
            throw new IOException("entry " + e.name() + ": " + ex.getMessage(), ex);
        } finally {
            inflater.end();
        }
    }
}
