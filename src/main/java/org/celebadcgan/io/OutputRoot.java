package org.celebadcgan.io;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The run's output root on any Hadoop file system ({@code file:}, {@code hdfs://}, {@code s3a://}): relative paths
 * in, whole files out. A reader never sees half a file and a replaced file is never missing: on file systems with
 * renames ({@code file:}, {@code hdfs:}) a file is written under a temporary name and renamed over the old one in
 * one atomic step; on object stores an upload becomes visible whole when it completes, so files are written in place.
 */
public final class OutputRoot {

    /** Schemes whose rename replaces atomically (FileContext's rename with OVERWRITE). */
    private static final java.util.Set<String> RENAMING = java.util.Set.of("file", "hdfs", "viewfs");

    private final FileSystem fs;
    private final Path root;
    private final FileContext files;

    public OutputRoot(URI uri, Configuration hadoop) {
        try {
            this.fs = FileSystem.get(uri, hadoop);
        } catch (IOException e) {
            throw new UncheckedIOException("output.root " + uri + ": " + e.getMessage(), e);
        }
        this.root = new Path(uri);
        fs.setWriteChecksum(false); // no .crc side files next to the outputs
        try {
            this.files = RENAMING.contains(fs.getScheme()) ? FileContext.getFileContext(fs.getUri(), hadoop) : null;
        } catch (IOException e) {
            throw new UncheckedIOException("output.root " + uri + ": " + e.getMessage(), e);
        }
    }

    public Path path(String relative) {
        return new Path(root, relative);
    }

    public URI uri() {
        return root.toUri();
    }

    public boolean exists(String relative) throws IOException {
        return fs.exists(path(relative));
    }

    /** True when the root does not exist or holds nothing but {@code ignored} names. */
    public boolean isEmpty(String... ignored) throws IOException {
        if (!fs.exists(root)) {
            return true;
        }
        for (FileStatus st : fs.listStatus(root)) {
            if (!java.util.List.of(ignored).contains(st.getPath().getName())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Proves the root can be written: creates and deletes a probe file (and the root, if it was not there). Throws
     * IllegalArgumentException naming output.root otherwise.
     */
    public void checkWritable() {
        String probe = ".write-probe-" + java.util.UUID.randomUUID();
        try {
            Path created = null; // the topmost folder the probe creates, removed again: a check leaves no trace
            for (Path p = root; p != null && !fs.exists(p); p = p.getParent()) {
                created = p;
            }
            try (FSDataOutputStream out = fs.create(path(probe), false)) {
                out.write(1);
            }
            fs.delete(path(probe), false);
            if (created != null) {
                fs.delete(created, true);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("output.root " + uri() + " is not writable: " + e.getMessage(), e);
        }
    }

    /** Writes {@code bytes} to {@code relative}, replacing it in one step (never deleted first). */
    public void write(String relative, byte[] bytes) throws IOException {
        Path target = path(relative);
        if (files == null) { // object store: the object appears whole when the upload completes
            try (FSDataOutputStream out = fs.create(target, true)) {
                out.write(bytes);
            }
            return;
        }
        Path tmp = new Path(target.getParent(), "." + target.getName() + "." + java.util.UUID.randomUUID() + ".tmp");
        try (FSDataOutputStream out = fs.create(tmp, true)) {
            out.write(bytes);
        }
        try {
            files.rename(tmp, target, Options.Rename.OVERWRITE);
        } catch (IOException e) {
            fs.delete(tmp, false);
            throw new IOException("cannot move " + tmp + " to " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates {@code relative} only if it does not exist (exclusive on file systems with atomic creates; on object
     * stores a check then a write). Returns false when it exists.
     */
    public boolean createNew(String relative, byte[] bytes) throws IOException {
        try (FSDataOutputStream out = fs.create(path(relative), false)) {
            out.write(bytes);
            return true;
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
        }
    }

    public void writeString(String relative, String text) throws IOException {
        write(relative, text.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] read(String relative) throws IOException {
        Path p = path(relative);
        try (FSDataInputStream in = fs.open(p)) {
            return in.readAllBytes();
        }
    }

    public String readString(String relative) throws IOException {
        return new String(read(relative), StandardCharsets.UTF_8);
    }

    public long length(String relative) throws IOException {
        return fs.getFileStatus(path(relative)).getLen();
    }

    /** Names of the entries directly under {@code relative} (empty when it does not exist). */
    public List<String> list(String relative) throws IOException {
        List<String> out = new ArrayList<>();
        Path p = path(relative);
        if (!fs.exists(p)) {
            return out;
        }
        for (FileStatus st : fs.listStatus(p)) {
            out.add(st.getPath().getName());
        }
        out.sort(String::compareTo);
        return out;
    }

    public void delete(String relative) throws IOException {
        fs.delete(path(relative), true);
    }

    public void copy(String from, String to) throws IOException {
        write(to, read(from));
    }
}
