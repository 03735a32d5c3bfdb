package org.celebadcgan.cli;

import org.apache.hadoop.conf.Configuration;
import org.celebadcgan.checkpoint.CheckpointStore;
import org.celebadcgan.io.OutputRoot;
import org.celebadcgan.io.Uris;

import java.io.IOException;

/** A {@code --checkpoint} value: a run's output root (its newest complete checkpoint) or one step-N folder. */
final class CheckpointArgument {

    private CheckpointArgument() {
    }

    /** Loads the checkpoint {@code value} names, reading only; a value naming none is an error naming it. */
    static CheckpointStore.Loaded load(String value, Configuration conf) throws IOException {
        String uri = value.replaceAll("/+$", "");
        String step = null;
        int i = uri.lastIndexOf("/checkpoints/step-");
        if (i >= 0) { // a specific checkpoint folder: its run root is two levels up
            step = uri.substring(i + "/checkpoints/".length());
            uri = uri.substring(0, i);
        }
        CheckpointStore store = CheckpointStore.reader(new OutputRoot(Uris.parse(uri, "--checkpoint"), conf));
        return step != null ? store.load(step) : store.latest().orElseThrow(() -> new IllegalArgumentException(
                "--checkpoint " + value + " holds no complete checkpoint"));
    }
}
