package org.celebadcgan.cli;

import org.apache.hadoop.conf.Configuration;
import org.celebadcgan.checkpoint.CheckpointStore;
import org.celebadcgan.io.OutputRoot;
import org.celebadcgan.io.Uris;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;

/** The --checkpoint option of the commands that read a trained generator, and how it names one checkpoint. */
final class CheckpointOption {

    private static final String FOLDER = "/checkpoints/step-";

    @Option(names = "--checkpoint", required = true, paramLabel = "URI",
            description = "a run's output root (its newest complete checkpoint), or one of its "
                    + "checkpoints/step-NNNNNNNN folders")
    String uri;

    /** The option as given on another command's own --checkpoint (one that also takes alternatives to it). */
    static CheckpointOption of(String uri) {
        CheckpointOption o = new CheckpointOption();
        o.uri = uri;
        return o;
    }

    /** The output root of the run it names (for a checkpoint folder, two levels up). */
    URI runRoot() {
        String root = trimmed();
        int i = root.lastIndexOf(FOLDER);
        return URI.create(i >= 0 ? root.substring(0, i) : root);
    }

    /** The checkpoint it names, verified and read without writing anything (a run may be training there). */
    CheckpointStore.Loaded load(Configuration hadoop) {
        String root = trimmed();
        int i = root.lastIndexOf(FOLDER);
        String step = i >= 0 ? root.substring(i + "/checkpoints/".length()) : null;
        try {
            CheckpointStore store = CheckpointStore.reader(new OutputRoot(runRoot(), hadoop));
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

    private String trimmed() {
        return Uris.parse(uri, "--checkpoint").toString().replaceAll("/+$", "");
    }
}
