package org.jaring.cli.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jaring.cli.UserError;
import org.jaring.v1.Tlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV import by Commons CSV: well-formedness errors with their line, strict UTF-8, lines in every refusal. */
class CsvReaderTest {
    @TempDir
    Path dir;

    private Path file(String text) throws Exception {
        return bytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private Path bytes(byte[] content) throws Exception {
        Path f = Files.createTempFile(dir, "list", ".csv");
        Files.write(f, content);
        return f;
    }

    @Test
    void anUnclosedQuoteIsAnErrorNamingItsLineNotASwallowedRest() throws Exception {
        // The old reader joined every later row into the quoted field and reported nothing.
        Path f = file("type,value,note\n"
                + "domain,a.example,ok\n"
                + "domain,b.example,\"never closed\n"
                + "domain,c.example,ok\n"
                + "domain,d.example,ok\n");
        assertThatThrownBy(() -> Read.csv(f, null))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("never closed");
    }

    @Test
    void textAfterAClosingQuoteIsAnErrorNamingItsLine() throws Exception {
        Path f = file("type,value\ndomain,a.example\ndomain,\"b.example\"x\n");
        assertThatThrownBy(() -> Read.csv(f, null))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("line 3");
    }

    @Test
    void invalidUtf8IsReportedWithLineAndByteOffset() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] head = "type,value\ndomain,a.example\ndomain,caf".getBytes(StandardCharsets.UTF_8);
        b.write(head);
        b.write(0xE9); // Latin-1 é: not UTF-8
        b.write(".example\n".getBytes(StandardCharsets.UTF_8));
        Path f = bytes(b.toByteArray());
        assertThatThrownBy(() -> Read.csv(f, null))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("byte offset " + head.length)
                .hasMessageNotContaining("Input length");
        // A truncated sequence at the very end too.
        Path truncated = bytes(new byte[] {'v', 'a', 'l', 'u', 'e', '\n', 'a', (byte) 0xE2, (byte) 0x82});
        assertThatThrownBy(() -> Read.csv(truncated, null))
                .hasMessageContaining("line 2")
                .hasMessageContaining("byte offset 7");
    }

    @Test
    void refusalsNameTheLineTheRowStartsOnEvenAfterMultiLineFields() throws Exception {
        Path f = file("type,value,note\n"
                + "domain,a.example,\"two\nlines\"\n"
                + "\n"
                + "domain,not a domain,x\n"
                + "ipv4,999.1.1.1,x");
        Read.Result r = Read.csv(f, null);
        assertThat(r.refused()).extracting(Refusal::position).containsExactly("line 5", "line 6");
    }

    @Test
    void ipPortAndCompositeTypesBecomeTheirPartsInCsv() throws Exception {
        Path f = file("type,value\n"
                + ",198.51.100.1:8080\n"
                + "ipv4,198.51.100.2:443\n"
                + "ipv6,[2001:db8::5]:22\n"
                + "ip-dst|port,198.51.100.3|53\n"
                + "domain|ip,evil.example|198.51.100.4\n"
                + "filename|md5,a.exe|" + "0".repeat(31) + "1\n"
                + "ipv4,198.51.100[.]8:8443\n"
                + ",198.51.100.9:99999\n");
        Read.Result r = Read.csv(f, null);
        assertThat(r.sent())
                .extracting(i -> i.getValue())
                .containsExactly(
                        "198.51.100.1",
                        "198.51.100.2",
                        "2001:db8::5",
                        "198.51.100.3",
                        "evil.example",
                        "198.51.100.4",
                        "0".repeat(31) + "1",
                        "198.51.100.8");
        assertThat(r.notes())
                .extracting(Refusal::reason)
                .anySatisfy(n -> assertThat(n).contains("port 22 dropped"));
        assertThat(r.refused()).singleElement().satisfies(f2 -> {
            assertThat(f2.position()).isEqualTo("line 9");
            assertThat(f2.reason()).contains("'99999' is not a port number");
        });
    }

    @Test
    void aTlpColumnThatCannotBeReadIsRefusedNeverDefaulted() throws Exception {
        Path f = file("value,tlp\na.example,RED\nb.example,TLP:AMBER+STRICT\nc.example,RED;GREEN\nd.example,pink\n");
        Read.Result r = Read.csv(f, null);
        assertThat(r.value("a.example").getHandling().getTlp()).isEqualTo(Tlp.TLP_RED);
        assertThat(r.value("b.example").getHandling().getTlp()).isEqualTo(Tlp.TLP_AMBER_STRICT);
        assertThat(r.refused()).extracting(Refusal::value).containsExactly("c.example", "d.example");
    }

    @Test
    void nationalPhoneNumbersNeedTheListsRegion() throws Exception {
        Path f = file("type,value\nphone,06 12 34 56 78\nphone,01 42 68 53 00\nphone,+33 6 12 34 56 79\n");
        // Without --region: refused with the advice (before, they became +66 numbers of the node's country).
        Read.Result without = Read.csv(f, null);
        assertThat(without.sent()).extracting(i -> i.getValue()).containsExactly("+33612345679");
        assertThat(without.refused())
                .hasSize(2)
                .allSatisfy(x -> assertThat(x.reason()).contains("--region"));
        Read.Result fr = Read.csv(f, "FR");
        assertThat(fr.refused()).isEmpty();
        assertThat(fr.sent())
                .extracting(i -> i.getValue())
                .containsExactly("+33612345678", "+33142685300", "+33612345679");
    }

    @Test
    void aByteOrderMarkAndCrLfLineEndsAreRead() throws Exception {
        Path f = file("\uFEFFtype,value\r\ndomain,a.example\r\ndomain,b.example\r\n");
        assertThat(Read.csv(f, null).sent()).hasSize(2);
    }
}
