package org.celebadcgan.io;

import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A read-only {@link SeekableByteChannel} over a file on any Hadoop file system, so libraries that need random
 * access (commons-compress's {@code ZipFile}) read archives on HDFS or S3 in place, without a local copy.
 */
public final class HadoopSeekableChannel implements SeekableByteChannel {

    private final FSDataInputStream in;
    private final long size;
    private long position;
    private boolean open = true;

    /** Opens {@code path} on {@code fs}. */
    public HadoopSeekableChannel(FileSystem fs, Path path) throws IOException {
        this.size = fs.getFileStatus(path).getLen();
        this.in = fs.open(path);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        ensureOpen();
        if (position >= size) {
            return -1;
        }
        int want = (int) Math.min(dst.remaining(), size - position);
        if (want == 0) {
            return 0;
        }
        int got;
        if (dst.hasArray()) {
            got = in.read(position, dst.array(), dst.arrayOffset() + dst.position(), want);
            if (got > 0) {
                dst.position(dst.position() + got);
            }
        } else {
            byte[] tmp = new byte[want];
            got = in.read(position, tmp, 0, want);
            if (got > 0) {
                dst.put(tmp, 0, got);
            }
        }
        if (got > 0) {
            position += got;
        }
        return got;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long position() throws IOException {
        ensureOpen();
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        ensureOpen();
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition);
        }
        position = newPosition;
        return this;
    }

    @Override
    public long size() throws IOException {
        ensureOpen();
        return size;
    }

    @Override
    public SeekableByteChannel truncate(long newSize) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() throws IOException {
        if (open) {
            open = false;
            in.close();
        }
    }

    private void ensureOpen() throws IOException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }
}
