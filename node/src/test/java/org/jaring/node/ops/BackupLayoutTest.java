package org.jaring.node.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Which manifest paths restore accepts: hand-picked attacks, then a seeded fuzz against the containment rule. */
class BackupLayoutTest {
    @Test
    void thePlacesABackupHasAreAccepted() throws IOException {
        for (String ok : List.of(
                "data/000012.sst", "data/CURRENT", "data/MANIFEST-000005", "trust/trust-store.json", "node.yaml")) {
            assertThat(BackupLayout.checkPath(ok)).isEqualTo(ok);
        }
    }

    @Test
    void escapesAndStrangePlacesAreRefusedWithTheReason() {
        String[][] cases = {
            {"../node.yaml", "'..'"},
            {"data/../../etc/passwd", "'..'"},
            {"/etc/passwd", "absolute"},
            {"C:/jaring/node.yaml", "absolute"},
            {"data\\..\\node.yaml", "backslash"},
            {"data//000012.sst", "empty or '.'"},
            {"./node.yaml", "empty or '.'"},
            {"", "empty"},
            {"data/.hidden", "characters"},
            {"data/a b", "characters"},
            {"pki/node.key", "only in data/"},
            {"data/sub/000012.sst", "only in data/"},
            {"backup.json", "only in data/"},
            {"manifest.enc", "only in data/"},
            {"data/\u202eexe.sst", "characters"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> BackupLayout.checkPath(c[0]))
                    .as(c[0])
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("which restore refuses")
                    .hasMessageContaining(c[1]);
        }
    }

    /** Whatever the fuzz makes, an accepted path resolves inside the target, below data/ or trust/, or node.yaml. */
    @Test
    void aSeededFuzzOfPathsNeverLeavesTheTarget() {
        Random random = new Random(24L);
        String[] pieces = {
            "data",
            "trust",
            "node.yaml",
            "trust-store.json",
            "..",
            ".",
            "/",
            "\\",
            ":",
            "a",
            "0",
            "-",
            "_",
            "~",
            "%2e",
            "\u0000",
            "\n",
            "C:",
            "//",
            "x.sst"
        };
        Path target = Path.of("/srv/restore-target").normalize();
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            for (int n = 1 + random.nextInt(6); n > 0; n--) {
                b.append(pieces[random.nextInt(pieces.length)]);
            }
            String path = b.toString();
            try {
                BackupLayout.checkPath(path);
            } catch (IOException refused) {
                continue;
            }
            accepted++;
            Path resolved = target.resolve(path).normalize();
            assertThat(resolved.startsWith(target) && !resolved.equals(target))
                    .as(path)
                    .isTrue();
            assertThat(target.relativize(resolved).toString().replace('\\', '/'))
                    .as(path)
                    .isEqualTo(path)
                    .matches("data/[^/]+|trust/trust-store\\.json|node\\.yaml");
        }
        assertThat(accepted).as("the fuzz reaches accepted paths too").isPositive();
    }
}
