package org.celebadcgan.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Every file the driver listed is kept or skipped with a named reason, checked before anything is published:
 * listed = kept + skipped. A listed file that Spark's file source never read (an upload in progress, a file its
 * {@code ignoreCorruptFiles} / {@code ignoreMissingFiles} dropped) is counted as {@link SkipReason#NOT_READ}.
 */
public final class FileAccounting {

    private static final int NAMES = 5;

    private FileAccounting() {
    }

    /**
     * Adds a {@code NOT_READ} skip for each listed name no result carries, then checks the balance.
     *
     * @param listed      what the driver listed
     * @param summary     what decoding produced (updated in place)
     * @param resultNames the names of all results; asked only when the counts differ (a pass over cached data)
     * @param source      the input, for messages
     * @throws IllegalStateException when the counts still differ, with the numbers and the first names
     */
    public static void settle(Set<String> listed, DecodeSummary summary, Supplier<Collection<String>> resultNames,
                              String source) {
        if (accounted(summary) == listed.size()) {
            return;
        }
        Collection<String> names = resultNames.get();
        Set<String> read = new HashSet<>(names);
        for (String name : listed) {
            if (!read.contains(name)) {
                summary.add(DecodeResult.skipped(name, SkipReason.NOT_READ,
                        "listed but not read by Spark's file source (upload in progress, or dropped by"
                                + " spark.sql.files.ignoreCorruptFiles / ignoreMissingFiles)"));
            }
        }
        if (accounted(summary) != listed.size()) {
            List<String> extra = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (String n : names) {
                if ((!listed.contains(n) || !seen.add(n)) && extra.size() < NAMES) {
                    extra.add(n);
                }
            }
            throw new IllegalStateException(source + ": listed " + listed.size() + " files but kept " + summary.ok()
                    + " and skipped " + summary.skippedTotal() + " " + summary.skippedByReason()
                    + "; results not matching the listing (first " + NAMES + "): " + extra);
        }
    }

    /** Fails unless the rows written (or cached) equal the images decoded: a lost block decoded differently. */
    public static void checkRows(long decoded, long rows, String what) {
        if (decoded != rows) {
            throw new IllegalStateException(what + ": " + rows + " rows but " + decoded + " images were decoded;"
                    + " a lost cached block was decoded again with a different result: nothing was published");
        }
    }

    private static long accounted(DecodeSummary s) {
        return s.ok() + s.skippedTotal();
    }
}
