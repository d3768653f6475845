package org.jaring.cli.console;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console's own files (plain HTML, CSS and JavaScript modules) from the class path, under console/. They are read
 * once and kept in memory with a content hash as their ETag: a page load then costs no class-path lookups, and a
 * browser that already has a file gets "304 Not Modified" instead of the file. They hold no data (data comes from
 * /api/, which is never cached), so the browser may keep them, but must ask again each time (no-cache) so that a
 * newer console is never run with an older module.
 */
final class StaticFiles {
    /** Lower-case names, folders and one known extension: no "..", no encoded tricks, nothing else on the path. */
    private static final Pattern NAME = Pattern.compile("(?:[a-z0-9_-]+/)*[a-z0-9_-]+\\.(html|js|css|svg)");

    /** The files index.html names (style sheet, modules to preload): read at start, before the first page asks. */
    private static final Pattern LINKED = Pattern.compile("(?:href|src)=\"/([a-z0-9_/.-]+)\"");

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");

    private record File(String type, byte[] bytes, String etag) {}

    /** Absent names are remembered too, so a page asking again for a missing file does not search again. */
    private static final Map<String, Optional<File>> CACHE = new ConcurrentHashMap<>();

    private StaticFiles() {}

    /** Reads index.html and every file it links to into memory; the console calls this as it starts. */
    static void preload() {
        file("index.html").ifPresent(index -> {
            Matcher m = LINKED.matcher(new String(index.bytes(), StandardCharsets.UTF_8));
            while (m.find()) {
                file(m.group(1));
            }
        });
    }

    /** Serves the file, or 304 if the browser has this very version; false if there is no such file. */
    static boolean serve(HttpExchange ex, String path) throws IOException {
        String name = path.equals("/") ? "index.html" : path.substring(1);
        Optional<File> found = file(name);
        if (found.isEmpty()) {
            return false;
        }
        File f = found.get();
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.getResponseHeaders().set("ETag", f.etag());
        String seen = ex.getRequestHeaders().getFirst("If-None-Match");
        if (f.etag().equals(seen)) {
            ex.sendResponseHeaders(304, -1);
            return true;
        }
        Http.send(ex, 200, f.type(), f.bytes());
        return true;
    }

    private static Optional<File> file(String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        return CACHE.computeIfAbsent(name, n -> read(n, TYPES.get(m.group(1))));
    }

    private static Optional<File> read(String name, String type) {
        try (InputStream in = StaticFiles.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
            String etag = "\""
                    + Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(hash)
                            .substring(0, 22) + "\"";
            return Optional.of(new File(type, bytes, etag));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the console's file " + name, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
