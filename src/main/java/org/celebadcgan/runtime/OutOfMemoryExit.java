package org.celebadcgan.runtime;

import java.io.PrintStream;

/**
 * Ends the driver's JVM when any thread runs out of memory. Spark's driver sets no handler of its own: an
 * OutOfMemoryError in one of its threads (measured on YARN: task-result-getter, collecting the workers' states)
 * kills only that thread, and the job then waits forever for a result that never comes. Exit code 1 is the job's
 * "failed"; halt, not exit, because shutdown hooks may need the memory that is gone.
 */
public final class OutOfMemoryExit {

    private OutOfMemoryExit() {
    }

    /** Installs the handler for threads without their own (Spark's executors set theirs; this leaves them). */
    public static void install() {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            if (error instanceof OutOfMemoryError) {
                halt(System.err, thread, error);
            } else if (previous != null) {
                previous.uncaughtException(thread, error);
            } else {
                System.err.print("Exception in thread \"" + thread.getName() + "\" ");
                error.printStackTrace();
            }
        });
    }

    private static void halt(PrintStream err, Thread thread, Throwable error) {
        err.println("failed: out of memory in thread \"" + thread.getName() + "\" (" + error.getMessage() + "): the "
                + "driver holds the state once per worker while a round is combined and eval.images of SWD "
                + "descriptors; give it more (DRIVER_MEMORY=4g with the cluster launchers, JAVA_OPTS=-Xmx8g with "
                + "submit/local.sh)");
        err.flush();
        Runtime.getRuntime().halt(1);
    }
}
