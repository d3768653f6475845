package org.jaring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jaring.core.setup.OwnNodeClient;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.PemFiles;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.Audience;
import org.jaring.v1.Case;
import org.jaring.v1.GetCaseRequest;
import org.jaring.v1.Handling;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.NationalServiceGrpc;
import org.jaring.v1.Offence;
import org.jaring.v1.PutCaseRequest;
import org.jaring.v1.Tlp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** jaring import and export against a real node (node init, in-process node, mutual TLS). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InteropTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "^[a-z0-9-]+--[0-9a-f-]{36}$";

    private Path dir;
    private CliNode th;
    private ManagedChannel channel;
    private NationalServiceGrpc.NationalServiceBlockingStub stub;

    @BeforeAll
    void node(@TempDir Path tmp) throws Exception {
        dir = tmp;
        th = CliNode.init(dir.resolve("th"), "TH-CCIB").start();
        // MY-PDRM only needs to be a trusted peer (in group asean) for the policy; it does not have to run.
        CliNode my = CliNode.init(dir.resolve("my"), "MY-PDRM");
        Path anchor = dir.resolve("my-anchor.yaml");
        my.offline("trust", "export", "--endpoint", "127.0.0.1:1", "-o", anchor.toString())
                .ok();
        String fp = Fingerprints.sha256(
                PemFiles.readCertificates(my.home.caCertificate()).get(0));
        th.cli("trust", "add", anchor.toString(), "--fingerprint", fp, "--group", "asean")
                .ok();
        channel = OwnNodeClient.open(
                th.home.trustDir(),
                "127.0.0.1",
                th.node().nationalPort(),
                th.home.clientCertificate("admin"),
                th.home.clientKey("admin"),
                null);
        stub = NationalServiceGrpc.newBlockingStub(channel);
        for (String c : List.of("STIX-1", "MISP-1", "FEED-1", "CSV-1", "RT-A", "RT-B")) {
            putCase(c, Tlp.TLP_GREEN);
        }
    }

    @AfterAll
    void stop() {
        channel.shutdownNow();
        th.close();
    }

    private void putCase(String caseId, Tlp defaultTlp) {
        stub.putCase(PutCaseRequest.newBuilder()
                .setCase(Case.newBuilder()
                        .setCaseId(caseId)
                        .setTitle("interop " + caseId)
                        .addOffences(Offence.OFFENCE_FRAUD)
                        .setDefaultHandling(Handling.newBuilder().setTlp(defaultTlp)))
                .build());
    }

    private Map<String, Indicator> indicators(String caseId) {
        Map<String, Indicator> out = new HashMap<>();
        for (Indicator i : stub.getCase(
                        GetCaseRequest.newBuilder().setCaseId(caseId).build())
                .getIndicatorsList()) {
            out.put(i.getValue(), i);
        }
        return out;
    }

    private Path fixture(String name) throws IOException {
        Path target = dir.resolve("fixtures").resolve(name);
        Files.createDirectories(target.getParent());
        try (InputStream in = getClass().getResourceAsStream("/interop/" + name)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    private Path feedFixture() throws IOException {
        Path feed = dir.resolve("fixtures/feed");
        Files.createDirectories(feed);
        for (String f : List.of("manifest.json", "4f6a8b2c-1d3e-4a5b-9c7d-8e9f0a1b2c3d.json")) {
            try (InputStream in = getClass().getResourceAsStream("/interop/feed/" + f)) {
                Files.copy(in, feed.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return feed;
    }

    private static List<String> reportLines(Path report) throws IOException {
        return Files.readAllLines(report);
    }

    @Test
    void aStixBundleIsImportedWithEveryRefusalReportedAndReimportingChangesNothing() throws Exception {
        Path bundle = fixture("bundle.stix.json");
        Path report = dir.resolve("stix-report.csv");
        CliNode.Run r = th.cli("import", bundle.toString(), "--case", "STIX-1", "--report", report.toString());
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.out())
                .contains("(stix)")
                .contains("read 10, stored 6 (6 new, 0 already there)")
                .contains("duplicates in the file 1")
                .contains("refused 3")
                .contains("1 stored with something dropped")
                .contains("3 objects that are not indicators skipped");
        List<String> lines = reportLines(report);
        assertThat(lines.get(0)).isEqualTo("position,type,value,reason");
        assertThat(String.join("\n", lines))
                // network-traffic address and port: the address is stored, the port reported as dropped
                .contains("indicator--2f1b8c1e-9d7a-4b8e-8f3c-5a6b7c8d9e03,network-traffic,198.51.100.9,"
                        + "stored as 198.51.100.9; port 443 dropped: Jaring holds no ports")
                .contains(
                        "indicator--6b0f3e2d-1c4a-4f5b-9a8c-7d6e5f4a3b04,indicator,alert tcp any any -> 198.51.100.10 any,pattern_type 'snort'")
                .contains("indicator--9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c05,ipv4-addr:value,198.51.100.300,")
                .contains("mac-addr--65cfcf98-8a6e-5a1b-8f61-379ac4f92d00,mac-addr,d2:fb:49:24:37:18");
        assertThat(lines).hasSize(5);

        Map<String, Indicator> stored = indicators("STIX-1");
        assertThat(stored.keySet())
                .containsExactlyInAnyOrder(
                        "198.51.100.7",
                        "198.51.100.9",
                        "login-bank-th.example",
                        "aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f",
                        "https://login-bank-th.example/verify",
                        "support@login-bank-th.example");
        Indicator ip = stored.get("198.51.100.7");
        assertThat(ip.getConfidence()).isEqualTo(80);
        assertThat(ip.getHandling().getTlp()).isEqualTo(Tlp.TLP_GREEN);
        assertThat(ip.getOffencesList()).containsExactly(Offence.OFFENCE_FRAUD);

        CliNode.Run again = th.cli("import", bundle.toString(), "--case", "STIX-1", "--report", report.toString());
        assertThat(again.out()).contains("stored 6 (0 new, 6 already there)");
        assertThat(indicators("STIX-1")).hasSize(6);
    }

    @Test
    void aMispEventIsImportedWithCompositeTypesSplitTagsMappedAndBadAttributesReported() throws Exception {
        Path event = fixture("event.misp.json");
        CliNode.Run r = th.cli("import", event.toString(), "--case", "MISP-1");
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.out())
                .contains("(misp)")
                .contains("read 15, stored 12 (12 new, 0 already there)")
                .contains("refused 3");
        Path report = event.resolveSibling("event.misp.json.report.csv");
        String text = Files.readString(report);
        assertThat(text)
                .contains("attribute 0b1c2d3e-0007-4a5b-8c6d-7e8f9a0b1c2d,iban,GB83 WEST 1234 5698 7654 32,")
                .contains("attribute 0b1c2d3e-0010-4a5b-8c6d-7e8f9a0b1c2d,email-subject,")
                .contains(
                        "attribute 0b1c2d3e-0012-4a5b-8c6d-7e8f9a0b1c2d,ip-src,thai-invest-profit.example,\"recognised as domain");

        Map<String, Indicator> stored = indicators("MISP-1");
        assertThat(stored)
                .containsKeys(
                        "thai-invest-profit.example",
                        "203.0.113.45",
                        "pay.thai-invest-profit.example",
                        "203.0.113.46",
                        "8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4",
                        "+66812345678",
                        "GB82WEST12345698765432",
                        "BTC:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
                        "http://thai-invest-profit.example/register",
                        "TH:004:1234567890",
                        "wallet-thai-invest.example",
                        "203.0.113.47");
        Indicator domain = stored.get("thai-invest-profit.example");
        assertThat(domain.getHandling().getTlp()).isEqualTo(Tlp.TLP_AMBER);
        assertThat(domain.getOffencesList()).containsExactly(Offence.OFFENCE_FRAUD);
        assertThat(domain.getNote()).isEqualTo("landing page");
        // The event is tlp:amber and this attribute tlp:green: MISP tags add up, so the most restrictive holds
        // (the old reader let the attribute's GREEN win over the event's AMBER).
        assertThat(stored.get("203.0.113.45").getHandling().getTlp()).isEqualTo(Tlp.TLP_AMBER);
        // to_ids false is kept, with lower confidence.
        assertThat(stored.get("+66812345678").getConfidence()).isEqualTo(30);
        assertThat(domain.getConfidence()).isEqualTo(75);

        CliNode.Run again = th.cli("import", event.toString(), "--case", "MISP-1");
        assertThat(again.out()).contains("stored 12 (0 new, 12 already there)");
        assertThat(indicators("MISP-1")).hasSize(12);
    }

    @Test
    void aMispFeedFolderIsImportedAndAManifestEntryWithoutItsEventIsReported() throws Exception {
        Path feed = feedFixture();
        Path report = dir.resolve("feed-report.csv");
        CliNode.Run r = th.cli("import", feed.toString(), "--case", "FEED-1", "--report", report.toString());
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.out()).contains("(misp-feed)").contains("stored 4 (4 new").contains("refused 2");
        assertThat(Files.readString(report))
                .contains("manifest.json 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d,event,,")
                .contains(
                        "4f6a8b2c-1d3e-4a5b-9c7d-8e9f0a1b2c3d.json attribute 1f2e3d4c-0002-4b5a-9c8d-7e6f5a4b3c2d,md5,");
        Map<String, Indicator> stored = indicators("FEED-1");
        assertThat(stored)
                .containsKeys(
                        "b14af8814fe0398ffa8f5b0d76141b576e5cce27",
                        "update.cdn-bank-sync.example",
                        "192.0.2.77",
                        "2001:db8::42");
        Indicator hash = stored.get("b14af8814fe0398ffa8f5b0d76141b576e5cce27");
        assertThat(hash.getHandling().getTlp()).isEqualTo(Tlp.TLP_CLEAR);
        assertThat(hash.getOffencesList()).containsExactly(Offence.OFFENCE_MISUSE_DEVICES);
    }

    @Test
    void aCsvWithMappedColumnsIsImportedRowByRow() throws Exception {
        Path csv = fixture("indicators.csv");
        Path report = dir.resolve("csv-report.csv");
        CliNode.Run r = th.cli(
                "import",
                csv.toString(),
                "--case",
                "CSV-1",
                "--report",
                report.toString(),
                "--region",
                "TH",
                "--map",
                "indicator=value,kind=type,crime=offence,score=confidence,first=first_seen,last=last_seen,remarks=note");
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.out())
                .contains("(csv)")
                .contains("read 10, stored 5 (5 new")
                .contains("duplicates in the file 1")
                .contains("refused 4");
        String text = Files.readString(report);
        assertThat(text)
                .contains("line 7,wallet,0x52908400098527886E0F7030069857D2E4169Ee7,")
                .contains("line 8,domain,scam-shop.example,confidence 'high'")
                .contains("line 9,domain,scam-shop2.example,")
                .contains("'purple' is not a TLP")
                .contains("line 11,fax,fax:12345,");
        Map<String, Indicator> stored = indicators("CSV-1");
        assertThat(stored)
                .containsKeys(
                        "+66812345679",
                        "ETH:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
                        "telegram:scam_support",
                        "DE89370400440532013000",
                        "https://secure-login.example/th");
        Indicator phone = stored.get("+66812345679");
        assertThat(phone.getConfidence()).isEqualTo(90);
        assertThat(phone.getNote()).isEqualTo("mule line");
        assertThat(phone.getFirstSeen().getSeconds())
                .isEqualTo(Instant.parse("2026-01-02T00:00:00Z").getEpochSecond());
        assertThat(stored.get("ETH:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed").getOffencesList())
                .containsExactly(Offence.OFFENCE_FRAUD, Offence.OFFENCE_LAUNDERING);
        assertThat(stored.get("telegram:scam_support").getNote()).isEqualTo("support desk, fake");

        th.cli(
                "import",
                csv.toString(),
                "--case",
                "CSV-1",
                "--report",
                report.toString(),
                "--region",
                "TH",
                "--map",
                "indicator=value,kind=type,crime=offence,score=confidence,first=first_seen,last=last_seen,remarks=note");
        assertThat(indicators("CSV-1")).hasSize(5);
    }

    @Test
    void theCaseMustExistUnlessCreateCaseIsGiven() throws Exception {
        Path csv = fixture("indicators.csv");
        CliNode.Run missing = th.cli("import", csv.toString(), "--case", "NEW-1", "--map", "indicator=value");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("case NEW-1 does not exist").contains("--create-case");
        CliNode.Run created = th.cli(
                "import",
                csv.toString(),
                "--case",
                "NEW-1",
                "--create-case",
                "From a CSV",
                "--map",
                "indicator=value,kind=type");
        assertThat(created.out()).contains("into case NEW-1");
        assertThat(stub.getCase(GetCaseRequest.newBuilder().setCaseId("NEW-1").build())
                        .getCase()
                        .getTitle())
                .isEqualTo("From a CSV");
    }

    @Test
    void aCaseExportedToStixHasTheRequiredPropertiesDeterministicIdsAndTlpMarkings() throws Exception {
        seedExportCase("EXP-1");
        Path out = dir.resolve("exp-1.stix.json");
        th.cli("export", "--case", "EXP-1", "--format", "stix", "-o", out.toString())
                .ok();
        JsonNode bundle = JSON.readTree(out.toFile());
        assertThat(bundle.path("type").asText()).isEqualTo("bundle");
        assertThat(bundle.path("id").asText()).matches(ID);
        Set<String> markings = new TreeSet<>();
        Map<String, String> indicatorIdByPattern = new HashMap<>();
        int indicators = 0;
        for (JsonNode o : bundle.path("objects")) {
            assertThat(o.path("id").asText())
                    .matches(ID)
                    .startsWith(o.path("type").asText() + "--");
            assertThat(o.path("spec_version").asText()).isEqualTo("2.1");
            String type = o.path("type").asText();
            if (type.equals("marking-definition")) {
                markings.add(o.path("id").asText());
                assertThat(o.path("extensions").has("extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"))
                        .isTrue();
            } else if (type.equals("indicator")) {
                indicators++;
                for (String p : List.of("created", "modified", "pattern", "pattern_type", "valid_from")) {
                    assertThat(o.has(p)).as(p).isTrue();
                }
                assertThat(o.path("pattern_type").asText()).isEqualTo("stix");
                assertThat(o.path("created").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
                assertThat(o.path("object_marking_refs")).isNotEmpty();
                indicatorIdByPattern.put(
                        o.path("pattern").asText(), o.path("id").asText());
            } else if (type.equals("extension-definition")) {
                for (String p : List.of(
                        "created_by_ref", "created", "modified", "name", "schema", "version", "extension_types")) {
                    assertThat(o.has(p)).as(p).isTrue();
                }
                assertThat(o.path("schema").asText()).contains("docs/interop.md");
            } else if (!type.equals("identity")) {
                assertThat(o.path("object_marking_refs")).isNotEmpty();
            }
        }
        assertThat(indicators).isEqualTo(7);
        assertThat(markings)
                .contains(
                        "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
                        "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
                        "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421");
        // UUIDv5(00abedb4-..., '{"value":"198.51.100.3"}'), computed independently with Python's uuid.uuid5.
        assertThat(bundle.toString()).contains("\"ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4\"");
        assertThat(bundle.toString()).contains("\"pattern\":\"[jaring-phone-number:value = '+66812345678']\"");

        // The same value always gets the same id: in another case, and in a second export.
        putCase("EXP-2", Tlp.TLP_AMBER);
        stub.addIndicators(AddIndicatorsRequest.newBuilder()
                .setCaseId("EXP-2")
                .addIndicators(Indicator.newBuilder()
                        .setType(IndicatorType.INDICATOR_TYPE_IPV4)
                        .setValue("198.51.100.3"))
                .build());
        Path out2 = dir.resolve("exp-2.stix.json");
        th.cli("export", "--case", "EXP-2", "--format", "stix", "-o", out2.toString())
                .ok();
        assertThat(JSON.readTree(out2.toFile()).toString())
                .contains("\"" + indicatorIdByPattern.get("[ipv4-addr:value = '198.51.100.3']") + "\"")
                .contains("\"ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4\"");
        CliNode.Run refused = th.cli("export", "--case", "EXP-1", "--format", "stix", "-o", out.toString());
        assertThat(refused.exit()).isEqualTo(1);
        th.cli("export", "--case", "EXP-1", "--format", "stix", "-o", out.toString(), "--force")
                .ok();
        assertThat(JSON.readTree(out.toFile())).isEqualTo(bundle);
    }

    @Test
    void aCaseExportedToMispAndToAFeedCarriesTheRequiredFieldsAndAConsistentManifest() throws Exception {
        seedExportCase("EXP-3");
        Path out = dir.resolve("exp-3.misp.json");
        th.cli("export", "--case", "EXP-3", "--format", "misp", "-o", out.toString())
                .ok();
        JsonNode event = JSON.readTree(out.toFile()).path("Event");
        for (String f : List.of(
                "uuid",
                "info",
                "date",
                "timestamp",
                "analysis",
                "threat_level_id",
                "distribution",
                "Orgc",
                "Attribute")) {
            assertThat(event.has(f)).as(f).isTrue();
        }
        assertThat(event.path("uuid").asText()).matches("[0-9a-f-]{36}");
        Set<String> types = new TreeSet<>();
        for (JsonNode a : event.path("Attribute")) {
            for (String f : List.of("uuid", "type", "category", "value", "to_ids", "timestamp")) {
                assertThat(a.has(f)).as(f).isTrue();
            }
            types.add(a.path("type").asText());
            assertThat(a.path("Tag").toString()).contains("tlp:");
        }
        assertThat(types).contains("ip-dst", "domain", "phone-number", "sha256", "url");

        Path feed = dir.resolve("exp-3-feed");
        th.cli("export", "--case", "EXP-3", "--format", "misp-feed", "-o", feed.toString())
                .ok();
        JsonNode manifest = JSON.readTree(feed.resolve("manifest.json").toFile());
        List<String> uuids = new ArrayList<>();
        manifest.fieldNames().forEachRemaining(uuids::add);
        assertThat(uuids).containsExactly(event.path("uuid").asText());
        assertThat(Files.exists(feed.resolve(uuids.get(0) + ".json"))).isTrue();
        List<String> hashes = Files.readAllLines(feed.resolve("hashes.csv"));
        assertThat(hashes).hasSize(8).allMatch(l -> l.matches("[0-9a-f]{32}," + uuids.get(0)));

        // And the feed reads back in as it was written.
        putCase("EXP-3B", Tlp.TLP_GREEN);
        th.cli("import", feed.toString(), "--case", "EXP-3B").ok();
        assertThat(indicators("EXP-3B").keySet()).isEqualTo(indicators("EXP-3").keySet());
    }

    @Test
    void anExportForAPeerHoldsExactlyWhatTheSharingPolicyLetsItSee() throws Exception {
        putCase("SHARE-1", Tlp.TLP_GREEN);
        putCase("SHARE-LOCAL", Tlp.TLP_RED);
        stub.addIndicators(AddIndicatorsRequest.newBuilder()
                .setCaseId("SHARE-1")
                .addIndicators(ind("green-shared.example", null))
                .addIndicators(ind(
                        "red-kept.example",
                        Handling.newBuilder().setTlp(Tlp.TLP_RED).build()))
                .addIndicators(ind(
                        "local-only.example",
                        Handling.newBuilder()
                                .setTlp(Tlp.TLP_GREEN)
                                .setAudience(Audience.newBuilder().setLocalOnly(true))
                                .build()))
                .addIndicators(ind(
                        "amber-asean.example",
                        Handling.newBuilder()
                                .setTlp(Tlp.TLP_AMBER)
                                .setAudience(Audience.newBuilder().addGroups("asean"))
                                .build()))
                .addIndicators(ind(
                        "amber-nobody.example",
                        Handling.newBuilder().setTlp(Tlp.TLP_AMBER).build()))
                .addIndicators(ind(
                        "green-for-sg.example",
                        Handling.newBuilder()
                                .setTlp(Tlp.TLP_GREEN)
                                .setAudience(Audience.newBuilder().addNodes("SG-SPF"))
                                .build()))
                .build());
        stub.addIndicators(AddIndicatorsRequest.newBuilder()
                .setCaseId("SHARE-LOCAL")
                .addIndicators(ind("case-default-red.example", null))
                .build());

        Path out = dir.resolve("for-my.stix.json");
        th.cli("export", "--peer", "MY-PDRM", "--format", "stix", "-o", out.toString())
                .ok();
        String text = Files.readString(out);
        assertThat(text)
                .contains("'green-shared.example'")
                .contains("'amber-asean.example'")
                .doesNotContain("red-kept.example")
                .doesNotContain("local-only.example")
                .doesNotContain("amber-nobody.example")
                .doesNotContain("green-for-sg.example")
                .doesNotContain("case-default-red.example");

        Path misp = dir.resolve("for-my.misp.json");
        th.cli("export", "--peer", "MY-PDRM", "--format", "misp", "-o", misp.toString())
                .ok();
        assertThat(Files.readString(misp)).contains("green-shared.example").doesNotContain("red-kept.example");

        CliNode.Run unknown = th.cli(
                "export",
                "--peer",
                "VN-A05",
                "--format",
                "stix",
                "-o",
                dir.resolve("x.json").toString());
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("not a trusted peer");
    }

    @Test
    void aStixRoundTripIntoAnotherCaseKeepsTheCanonicalValues() throws Exception {
        seedExportCase("RT-A");
        Path out = dir.resolve("rt.stix.json");
        th.cli("export", "--case", "RT-A", "--format", "stix", "-o", out.toString())
                .ok();
        CliNode.Run r = th.cli("import", out.toString(), "--case", "RT-B");
        assertThat(r.exit()).as(r.all()).isZero();
        Map<String, Indicator> a = indicators("RT-A");
        Map<String, Indicator> b = indicators("RT-B");
        assertThat(b.keySet()).isEqualTo(a.keySet());
        for (Indicator i : a.values()) {
            Indicator j = b.get(i.getValue());
            assertThat(j.getType()).isEqualTo(i.getType());
            assertThat(j.getConfidence()).isEqualTo(i.getConfidence());
        }
        assertThat(b.get("198.51.100.3").getHandling().getTlp()).isEqualTo(Tlp.TLP_AMBER);
        assertThat(b.get("198.51.100.3").getOffencesList()).containsExactly(Offence.OFFENCE_MISUSE_DEVICES);
        Set<IndicatorType> roundTripped =
                a.values().stream().map(Indicator::getType).collect(Collectors.toSet());
        assertThat(roundTripped)
                .contains(
                        IndicatorType.INDICATOR_TYPE_PHONE,
                        IndicatorType.INDICATOR_TYPE_WALLET,
                        IndicatorType.INDICATOR_TYPE_BANK_ACCOUNT);
    }

    @Test
    void aCsvThatIsBrokenHalfWayStoresNothingAndNamesTheLine() throws Exception {
        putCase("BROKEN-1", Tlp.TLP_GREEN);
        StringBuilder text = new StringBuilder("type,value,note\n");
        for (int i = 0; i < 50; i++) {
            text.append("domain,good-").append(i).append(".example,ok\n");
        }
        text.append("domain,bad.example,\"quote never closed\n"); // line 52
        for (int i = 0; i < 10; i++) {
            text.append("domain,later-").append(i).append(".example,ok\n");
        }
        Path csv = dir.resolve("broken.csv");
        Files.writeString(csv, text);
        CliNode.Run r = th.cli("import", csv.toString(), "--case", "BROKEN-1");
        assertThat(r.exit()).as(r.all()).isEqualTo(2);
        assertThat(r.err()).contains("line 52").contains("never closed").contains("nothing was imported");
        // Validated whole before the upload: not the 50 rows before the break, and not the ten after it.
        assertThat(indicators("BROKEN-1")).isEmpty();

        Path latin1 = dir.resolve("latin1.csv");
        Files.write(
                latin1,
                new byte[] {'v', 'a', 'l', 'u', 'e', '\n', 'a', '.', 'e', 'x', '\n', 'c', 'a', 'f', (byte) 0xE9});
        CliNode.Run bad = th.cli("import", latin1.toString(), "--case", "BROKEN-1");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("line 3").contains("byte offset 14");
        assertThat(indicators("BROKEN-1")).isEmpty();
    }

    @Test
    void aFileThatIsNotTheFormatItClaimsExitsNonZeroSayingWhatWasExpected() throws Exception {
        putCase("WRONG-1", Tlp.TLP_GREEN);
        Path indicator = dir.resolve("single-indicator.json");
        Files.writeString(indicator, "{\"type\": \"indicator\", \"pattern\": \"[a:b = 'c']\"}");
        CliNode.Run detected = th.cli("import", indicator.toString(), "--case", "WRONG-1");
        assertThat(detected.exit()).isEqualTo(2);
        assertThat(detected.err()).contains("neither a STIX bundle");
        CliNode.Run stix = th.cli("import", indicator.toString(), "--case", "WRONG-1", "--format", "stix");
        assertThat(stix.exit()).isEqualTo(2);
        assertThat(stix.err()).contains("expected a STIX 2.1 bundle");
        CliNode.Run misp =
                th.cli("import", fixture("bundle.stix.json").toString(), "--case", "WRONG-1", "--format", "misp");
        assertThat(misp.exit()).isEqualTo(2);
        assertThat(misp.err()).contains("expected a MISP event");
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"type\": \"bundle\",\n \"objects\": [ {\"type\": }");
        CliNode.Run json = th.cli("import", broken.toString(), "--case", "WRONG-1");
        assertThat(json.exit()).isEqualTo(2);
        assertThat(json.err()).contains("as JSON").contains("line 2");
        assertThat(indicators("WRONG-1")).isEmpty();
    }

    @Test
    void nationalPhoneNumbersAreReadInTheRegionGivenAndRefusedWithoutOne() throws Exception {
        putCase("PHONES-FR", Tlp.TLP_GREEN);
        Path csv = dir.resolve("fr-phones.csv");
        Files.writeString(csv, "type,value\nphone,06 12 34 56 78\nphone,01 42 68 53 00\n,+33 7 81 23 45 67\n");
        CliNode.Run without = th.cli("import", csv.toString(), "--case", "PHONES-FR");
        assertThat(without.exit()).as(without.all()).isEqualTo(1);
        assertThat(without.out()).contains("stored 1").contains("refused 2");
        assertThat(Files.readString(csv.resolveSibling("fr-phones.csv.report.csv")))
                .contains("--region");
        // Before: the node's country (TH) was assumed and both became +66 numbers.
        assertThat(indicators("PHONES-FR").keySet()).containsExactly("+33781234567");

        CliNode.Run fr = th.cli("import", csv.toString(), "--case", "PHONES-FR", "--region", "FR");
        assertThat(fr.exit()).as(fr.all()).isZero();
        assertThat(indicators("PHONES-FR").keySet())
                .containsExactlyInAnyOrder("+33612345678", "+33142685300", "+33781234567");
        CliNode.Run badRegion = th.cli("import", csv.toString(), "--case", "PHONES-FR", "--region", "XX");
        assertThat(badRegion.exit()).isEqualTo(2);
        assertThat(badRegion.err()).contains("--region");
    }

    @Test
    void aValueHeldInTwoSharedCasesIsExportedOnceWithTheMostRestrictiveTlp() throws Exception {
        putCase("DUP-A", Tlp.TLP_GREEN);
        putCase("DUP-B", Tlp.TLP_GREEN);
        stub.addIndicators(AddIndicatorsRequest.newBuilder()
                .setCaseId("DUP-A")
                .addIndicators(ind("held-twice.example", null).toBuilder().setConfidence(40))
                .build());
        stub.addIndicators(AddIndicatorsRequest.newBuilder()
                .setCaseId("DUP-B")
                .addIndicators(ind(
                                "held-twice.example",
                                Handling.newBuilder()
                                        .setTlp(Tlp.TLP_AMBER)
                                        .setAudience(Audience.newBuilder().addGroups("asean"))
                                        .build())
                        .toBuilder()
                        .setConfidence(90))
                .build());
        Path out = dir.resolve("dup.stix.json");
        th.cli("export", "--peer", "MY-PDRM", "--format", "stix", "-o", out.toString())
                .ok();
        List<JsonNode> held = new ArrayList<>();
        for (JsonNode o : JSON.readTree(out.toFile()).path("objects")) {
            if (o.path("type").asText().equals("indicator")
                    && o.path("pattern").asText().contains("held-twice")) {
                held.add(o);
            }
        }
        assertThat(held).singleElement().satisfies(o -> {
            assertThat(o.path("object_marking_refs").get(0).asText())
                    .isEqualTo("marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"); // AMBER
            assertThat(o.path("confidence").asInt()).isEqualTo(90);
        });
        Path misp = dir.resolve("dup.misp.json");
        th.cli("export", "--peer", "MY-PDRM", "--format", "misp", "-o", misp.toString())
                .ok();
        List<JsonNode> attributes = new ArrayList<>();
        for (JsonNode a : JSON.readTree(misp.toFile()).path("Event").path("Attribute")) {
            if (a.path("value").asText().equals("held-twice.example")) {
                attributes.add(a);
            }
        }
        assertThat(attributes)
                .singleElement()
                .satisfies(a -> assertThat(a.path("Tag").toString()).contains("tlp:amber"));
    }

    private void seedExportCase(String caseId) {
        putCase(caseId, Tlp.TLP_GREEN);
        stub.addIndicators(AddIndicatorsRequest.newBuilder()
                .setCaseId(caseId)
                .addIndicators(Indicator.newBuilder()
                        .setType(IndicatorType.INDICATOR_TYPE_IPV4)
                        .setValue("198.51.100.3")
                        .setConfidence(90)
                        .addOffences(Offence.OFFENCE_MISUSE_DEVICES)
                        .setHandling(Handling.newBuilder().setTlp(Tlp.TLP_AMBER)))
                .addIndicators(ind("scam-exchange.example", null))
                .addIndicators(Indicator.newBuilder()
                        .setType(IndicatorType.INDICATOR_TYPE_PHONE)
                        .setValue("081-234-5678")
                        .setConfidence(70))
                .addIndicators(Indicator.newBuilder()
                        .setType(IndicatorType.INDICATOR_TYPE_SHA256)
                        .setValue("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
                        .setHandling(Handling.newBuilder().setTlp(Tlp.TLP_RED)))
                .addIndicators(Indicator.newBuilder()
                        .setType(IndicatorType.INDICATOR_TYPE_URL)
                        .setValue("https://scam-exchange.example/it's-here"))
                .addIndicators(Indicator.newBuilder()
                        .setType(IndicatorType.INDICATOR_TYPE_WALLET)
                        .setValue("TRX:TJRabPrwbZy45sbavfcjinPJC18kjpRTv8")
                        .setConfidence(60))
                .build());
        stub.addIndicators(AddIndicatorsRequest.newBuilder()
                .setCaseId(caseId)
                .addIndicators(Indicator.newBuilder()
                        .setType(IndicatorType.INDICATOR_TYPE_BANK_ACCOUNT)
                        .setValue("TH:004:1234567890")
                        .setHandling(Handling.newBuilder()
                                .setTlp(Tlp.TLP_GREEN)
                                .setAudience(Audience.newBuilder().setLocalOnly(true))))
                .build());
    }

    private static Indicator ind(String domain, Handling handling) {
        Indicator.Builder b = Indicator.newBuilder()
                .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                .setValue(domain);
        if (handling != null) {
            b.setHandling(handling);
        }
        return b.build();
    }
}
