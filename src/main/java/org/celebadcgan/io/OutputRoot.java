package org.celebadcgan.io;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The run's output root on any Hadoop file system ({@code file:}, {@code hdfs://}, {@code s3a://}): relative paths
 * in, whole files out. Files are written under a temporary name and renamed, so a reader never sees half a file where
 * renames are atomic; on object stores, where they are copies, readers trust only what a manifest names.
 */
public final class OutputRoot {

    private final FileSystem fs;
    private final Path root;

    public OutputRoot(URI uri, Configuration hadoop) {
        try {
            this.fs = FileSystem.get(uri, hadoop);
        } catch (IOException e) {
            throw new UncheckedIOException("output.root " + uri + ": " + e.getMessage(), e);
        }
        this.root = new Path(uri);
        fs.setWriteChecksum(false); // no .crc side files next to the outputs
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

    /** True when the root does not exist or holds nothing. */
    public boolean isEmpty() throws IOException {
        return !fs.exists(root) || fs.listStatus(root).length == 0;
    }

    /** Writes {@code bytes} to {@code relative}, replacing it. */
    public void write(String relative, byte[] bytes) throws IOException {
        Path target = path(relative);
        Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp");
        try (FSDataOutputStream out = fs.create(tmp, true)) {
            out.write(bytes);
        }
        if (fs.exists(target)) {
            fs.delete(target, false);
        }
        if (!fs.rename(tmp, target)) {
            throw new IOException("cannot rename " + tmp + " to " + target);
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
