package org.celebadcgan.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cluster-mode driver's main returns on success and throws on failure: it never calls System.exit, which YARN
 * reads as "shutdown hook called before final status was reported" (a FAILED run, then a second attempt). Were
 * main to call System.exit here, this test JVM would end and the build would fail.
 */
class ClusterDriverTest {

    @AfterEach
    void clientModeAgain() {
        System.clearProperty("spark.submit.deployMode");
    }

    @Test
    void clusterModeMainReturnsOnSuccessAndThrowsOnFailure() {
        System.setProperty("spark.submit.deployMode", "cluster");
        assertTrue(Main.clusterDriver());
        Main.main(new String[]{"model", "--arch", "paper"}); // returns: this line is reached, and so is the next
        Main.JobFailed bad = assertThrows(Main.JobFailed.class, () -> Main.main(new String[]{"model", "--arch",
                "nope"}));
        assertEquals(2, bad.code);
        assertTrue(bad.getMessage().contains("bad usage"), bad.getMessage());
    }

    @Test
    void clientModeIsTheDefault() {
        assertEquals(false, Main.clusterDriver(), "without spark-submit's cluster deploy mode, exit codes apply");
    }
}
