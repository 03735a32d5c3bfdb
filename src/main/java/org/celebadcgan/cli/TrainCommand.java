package org.celebadcgan.cli;

import picocli.CommandLine.Command;

/** {@code train}: placeholder until the trainer lands. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Trains the DCGAN.")
final class TrainCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("not yet");
    }
}
