package org.celebadcgan.cli;

import org.apache.hadoop.conf.Configuration;
import org.celebadcgan.checkpoint.CheckpointStore;
import org.celebadcgan.io.OutputRoot;
import org.celebadcgan.io.Uris;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The --checkpoint option of the commands that read a trained generator, and how it names one checkpoint. */
final class CheckpointOption {

    private static final String FOLDER = "/checkpoints/step-";

    @Option(names = "--checkpoint", required = true, paramLabel = "URI",
            description = "a run's output root (its newest complete checkpoint), or one of its "
                    + "checkpoints/step-NNNNNNNN folders")
    String uri;

    /** The checkpoint it names, verified and read without writing anything (a run may be training there). */
    CheckpointStore.Loaded load(Configuration hadoop) {
        String root = Uris.parse(uri, "--checkpoint").toString().replaceAll("/+$", "");
        String step = null;
        int i = root.lastIndexOf(FOLDER);
        if (i >= 0) { // one checkpoint folder: its run root is two levels up
            step = root.substring(i + "/checkpoints/".length());
            root = root.substring(0, i);
        }
        try {
            CheckpointStore store = CheckpointStore.reader(new OutputRoot(java.net.URI.create(root), hadoop));
            if (step != null) {
                if (!store.complete().contains(step)) {
                    throw new IllegalArgumentException("--checkpoint " + uri + " is not a complete checkpoint "
                            + "(no such folder, or no manifest.json yet)");
                }
                return store.load(step);
            }
            return store.latest().orElseThrow(() -> new IllegalArgumentException(
                    "--checkpoint " + uri + " holds no complete checkpoint"));
        } catch (UncheckedIOException e) { // the file system itself (unknown scheme, unreachable)
            throw new UncheckedIOException("--checkpoint " + uri + ": " + e.getCause().getMessage(), e.getCause());
        } catch (IOException e) {
            throw new UncheckedIOException("--checkpoint " + uri + ": " + e.getMessage(), e);
        }
    }
}
