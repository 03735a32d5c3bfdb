package org.celebadcgan.io;

import java.net.URI;
import java.nio.file.Path;

/** Turns what users type (a plain path or a URI) into a URI Hadoop's FileSystem understands. */
public final class Uris {

    private Uris() {
    }

    public static URI parse(String s, String option) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(option + " is empty");
        }
        if (s.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") && !s.matches("^[a-zA-Z]:\\\\.*")) {
            try {
                return new URI(s);
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException(option + ": not a URI: " + s);
            }
        }
        return Path.of(s).toAbsolutePath().normalize().toUri();
    }
}
