package org.jaring.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository, found from wherever the test runs (the module folder, or the root). */
final class DocsCheck {
    private DocsCheck() {}

    static Path repoFile(String relative) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(relative)) && Files.exists(p.resolve("README.md"))) {
                return p.resolve(relative);
            }
        }
        throw new IllegalStateException(
                relative + " not found above " + Path.of("").toAbsolutePath());
    }
}
