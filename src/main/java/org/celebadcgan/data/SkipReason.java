package org.celebadcgan.data;

/** Why an input file was not used; counted per reason in logs and the manifest. */
public enum SkipReason {
    /** A zero-byte file. */
    EMPTY_FILE,
    /** No image reader recognises the bytes. */
    NOT_AN_IMAGE,
    /** A reader recognised it but decoding failed. */
    CORRUPT,
    /** The data ends before the image does (JPEGs decode such files silently; we check). */
    TRUNCATED,
    /** Shorter side below the minimum: upscaling it to 64 would invent the picture. */
    TOO_SMALL,
    /** Dimensions beyond the limit, refused from the header before decoding. */
    TOO_LARGE,
    /** Named in the partition file but not present. */
    MISSING,
    /**
     * Listed by the driver but never read by Spark's file source: an upload in progress ({@code *._COPYING_}, which
     * Spark's file index leaves out) or a file dropped by {@code spark.sql.files.ignoreCorruptFiles} /
     * {@code ignoreMissingFiles}.
     */
    NOT_READ;

    /** Lower-case name for logs and JSON. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
