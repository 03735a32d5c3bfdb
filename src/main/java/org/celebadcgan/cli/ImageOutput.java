package org.celebadcgan.cli;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.celebadcgan.io.OutputRoot;
import org.celebadcgan.io.SampleGrid;
import org.celebadcgan.io.Uris;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;

/** Where generate and interpolate put their PNGs: --output, a local path or any Hadoop URI (s3a://, hdfs://). */
final class ImageOutput {

    private final String given;
    private final URI uri;
    private final Configuration hadoop;

    ImageOutput(String output, Configuration hadoop) {
        this.given = output;
        this.uri = Uris.parse(output, "--output");
        this.hadoop = hadoop;
    }

    URI uri() {
        return uri;
    }

    /** Refuses an --output inside {@code run}: commands that read a run never write into it. */
    void requireOutside(URI run) {
        String scheme = uri.getScheme() == null ? "file" : uri.getScheme();
        String runScheme = run.getScheme() == null ? "file" : run.getScheme();
        String path = uri.normalize().getPath();
        String runPath = run.normalize().getPath().replaceAll("/+$", "");
        if (scheme.equals(runScheme) && java.util.Objects.equals(uri.getAuthority(), run.getAuthority())
                && path != null && runPath != null && (path.equals(runPath) || path.startsWith(runPath + "/"))) {
            throw new IllegalArgumentException("--output " + given + " is inside the run " + run
                    + " that --checkpoint reads; commands that read a run never write into it");
        }
    }

    /** The first rows x cols images as one PNG grid at --output (replaced if it exists). */
    void writeGrid(INDArray images, int rows, int cols) throws IOException {
        Path file = new Path(uri);
        if (file.getParent() == null) {
            throw new IllegalArgumentException("--output " + given + " names no file");
        }
        root(file.getParent().toUri()).write(file.getName(), SampleGrid.png(SampleGrid.render(images, rows, cols)));
    }

    /**
     * Checks that --output is a folder this command may fill: absent or empty, so that no earlier output (or a run)
     * is overwritten and no stale image is mistaken for a new one.
     */
    void requireEmptyFolder() throws IOException {
        if (!root(uri).isEmpty()) {
            throw new IllegalArgumentException("--output " + given + " is not empty; give a new or empty folder");
        }
    }

    /** Each image as its own PNG in the folder --output: sample-0000.png, sample-0001.png, ...; the last name. */
    String writeEach(INDArray images) throws IOException {
        OutputRoot folder = root(uri);
        String name = null;
        for (int k = 0; k < images.size(0); k++) {
            name = String.format("sample-%04d.png", k);
            folder.write(name, SampleGrid.png(SampleGrid.single(images, k)));
        }
        return name;
    }

    private OutputRoot root(URI folder) {
        try {
            return new OutputRoot(folder, hadoop);
        } catch (UncheckedIOException e) { // the file system itself (unknown scheme, unreachable)
            throw new UncheckedIOException("--output " + given + ": " + e.getCause().getMessage(), e.getCause());
        }
    }
}
