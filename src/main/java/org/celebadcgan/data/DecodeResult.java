package org.celebadcgan.data;

/**
 * One input file after preprocessing: either 12,288 CHW bytes or the reason it was skipped (with a detail).
 *
 * @param name   the file's name (e.g. 000001.jpg)
 * @param pixels 3 x 64 x 64 bytes, or null when skipped
 * @param reason why it was skipped, or null
 * @param detail a short explanation for the log, or null
 */
public record DecodeResult(String name, byte[] pixels, SkipReason reason, String detail) implements java.io.Serializable {

    public static DecodeResult ok(String name, byte[] pixels) {
        return new DecodeResult(name, pixels, null, null);
    }

    public static DecodeResult skipped(String name, SkipReason reason, String detail) {
        return new DecodeResult(name, null, reason, detail);
    }

    public boolean isOk() {
        return pixels != null;
    }
}
