package org.celebadcgan.io;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A zip archive on any Hadoop file system, read in place through commons-compress: zip64 (CelebA's
 * {@code img_align_celeba.zip} has 202,599 entries), stored and deflated entries, and archives whose end record
 * under-counts its entries (the central directory is walked, not trusted by count).
 */
public final class ZipArchive implements Closeable {

    private final Path path;
    private final ZipFile zip;

    /** Opens {@code path}; only the central directory is read (local headers lazily, per entry). */
    public ZipArchive(FileSystem fs, Path path) throws IOException {
        this.path = path;
        HadoopSeekableChannel channel = new HadoopSeekableChannel(fs, path);
        try {
            this.zip = new ZipFile(channel, path.toString(), "UTF-8", true, true);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw new IOException(path + " is not a readable zip archive: " + e.getMessage(), e);
        }
    }

    /** The file entries (folders left out), in central-directory order. */
    public List<String> fileNames() {
        List<String> names = new ArrayList<>();
        for (ZipArchiveEntry e : Collections.list(zip.getEntriesInPhysicalOrder())) {
            if (!e.isDirectory()) {
                names.add(e.getName());
            }
        }
        return names;
    }

    /** The bytes of entry {@code name}; an IOException names the archive and entry. */
    public byte[] read(String name) throws IOException {
        ZipArchiveEntry e = zip.getEntry(name);
        if (e == null) {
            throw new IOException(path + ": no entry " + name);
        }
        if (!zip.canReadEntryData(e)) {
            throw new IOException(path + "!" + name + ": unsupported compression method " + e.getMethod());
        }
        try (InputStream in = zip.getInputStream(e)) {
            byte[] bytes = in.readAllBytes();
            if (e.getSize() >= 0 && bytes.length != e.getSize()) {
                throw new IOException(path + "!" + name + ": " + bytes.length + " bytes, the directory says "
                        + e.getSize());
            }
            return bytes;
        } catch (IOException | RuntimeException ex) { // commons-compress reports bad deflate data as unchecked too
            throw ex instanceof IOException io && io.getMessage() != null && io.getMessage().startsWith(path.toString())
                    ? io : new IOException(path + "!" + name + ": " + ex.getMessage(), ex);
        }
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
