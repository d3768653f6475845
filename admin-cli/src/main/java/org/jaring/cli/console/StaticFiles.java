package org.jaring.cli.console;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;

/** The console's own files (plain HTML, CSS and JavaScript modules) from the class path, under console/. */
final class StaticFiles {
    /** Lower-case names, folders and one known extension: no "..", no encoded tricks, nothing else on the path. */
    private static final Pattern NAME = Pattern.compile("(?:[a-z0-9_-]+/)*[a-z0-9_-]+\\.(html|js|css|svg)");

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");

    private StaticFiles() {}

    /** Serves the file; false if there is no such file. */
    static boolean serve(HttpExchange ex, String path) throws IOException {
        String name = path.equals("/") ? "index.html" : path.substring(1);
        var m = NAME.matcher(name);
        if (!m.matches()) {
            return false;
        }
        try (InputStream in = StaticFiles.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                return false;
            }
            Http.send(ex, 200, TYPES.get(m.group(1)), in.readAllBytes());
            return true;
        }
    }
}
