package org.jaring.core.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The trust store on disk: one JSON file, certificates as PEM strings, peer revocation lists as the signed bytes
 * received (so they are re-verified on every load). Loading is strict: anything unexpected is an error naming the
 * file, never a silently empty trust store, because "trust nobody" and "the file is broken" must not look alike.
 */
public final class TrustStoreFile {

    public static final String FILE_NAME = "trust-store.json";
    private static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;

    public TrustStoreFile(Path folder) {
        this.file = folder.resolve(FILE_NAME);
    }

    public Path path() {
        return file;
    }

    public boolean exists() {
        return Files.exists(file);
    }

    /** Atomic replace (temp + fsync + rename + directory fsync). */
    public void write(TrustSnapshot s) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", s.version());
        root.put("ownNodeId", s.ownNodeId().value());
        root.put("ownCa", PemFiles.toPem(s.ownCa()));
        ArrayNode peers = root.putArray("peers");
        for (TrustedPeer p : s.peers().values()) {
            ObjectNode n = peers.addObject();
            n.put("nodeId", p.nodeId().value());
            n.put("fingerprint", p.fingerprint());
            n.put("endpoint", p.endpoint());
            ArrayNode g = n.putArray("groups");
            p.groups().forEach(g::add);
            n.put("anchor", PemFiles.toPem(p.anchor()));
        }
        RevocationList own = s.ownRevocations();
        ObjectNode ownNode = root.putObject("ownRevocations");
        ownNode.put("sequence", own.sequence());
        ownNode.put("issuedAt", own.issuedAt().toString());
        ArrayNode entries = ownNode.putArray("entries");
        for (RevocationList.Entry e : own.entries()) {
            ObjectNode n = entries.addObject();
            n.put("serial", e.serialHex());
            n.put("fingerprint", e.fingerprint());
            n.put("revokedAt", e.revokedAt().toString());
            n.put("reason", e.reason());
        }
        s.ownSignedRevocations().ifPresent(signed -> {
            ObjectNode n = root.putObject("ownRevocationsSigned");
            n.put("encoded", Base64.getEncoder().encodeToString(signed.encoded()));
            n.put("signature", Base64.getEncoder().encodeToString(signed.signature()));
        });
        ArrayNode blocked = root.putArray("blockedFingerprints");
        s.blockedFingerprints().forEach(blocked::add);
        ArrayNode pr = root.putArray("peerRevocations");
        for (Map.Entry<NodeId, SignedRevocationList> e : s.peerRevocations().entrySet()) {
            ObjectNode n = pr.addObject();
            n.put("nodeId", e.getKey().value());
            n.put("encoded", Base64.getEncoder().encodeToString(e.getValue().encoded()));
            n.put("signature", Base64.getEncoder().encodeToString(e.getValue().signature()));
        }
        // 0600: the trust store says whom this node trusts and which certificates it has blocked.
        PemFiles.writeAtomically(file, JSON.writeValueAsBytes(root), true);
    }

    /** Reads and fully re-validates the file; IOException names the file and the problem. */
    public TrustSnapshot read() throws IOException {
        if (!Files.exists(file)) {
            throw new IOException("trust store file " + file + " does not exist");
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            if (req(root, "format").asInt(-1) != FORMAT) {
                throw new IllegalArgumentException("unsupported format " + root.get("format"));
            }
            long version = req(root, "version").asLong(-1);
            if (version < 0) {
                throw new IllegalArgumentException("bad version");
            }
            NodeId own = NodeId.of(text(root, "ownNodeId"));
            X509Certificate ownCa = PemFiles.certificateFromPem(text(root, "ownCa"), file + " ownCa");
            TrustStore.checkAnchorNames(ownCa, own);

            Map<NodeId, TrustedPeer> peers = new HashMap<>();
            for (JsonNode n : array(root, "peers")) {
                NodeId id = NodeId.of(text(n, "nodeId"));
                X509Certificate anchor = PemFiles.certificateFromPem(text(n, "anchor"), file + " peer " + id);
                String fp = text(n, "fingerprint");
                if (!Fingerprints.matches(fp, Fingerprints.sha256(anchor))) {
                    throw new IllegalArgumentException("peer " + id + ": stored fingerprint does not match its anchor");
                }
                TrustStore.checkAnchorNames(anchor, id);
                Set<String> groups = new LinkedHashSet<>();
                for (JsonNode g : array(n, "groups")) {
                    groups.add(g.asText());
                }
                if (peers.put(id, new TrustedPeer(id, anchor, fp, text(n, "endpoint"), groups)) != null) {
                    throw new IllegalArgumentException("peer " + id + " listed twice");
                }
            }

            JsonNode ownNode = req(root, "ownRevocations");
            List<RevocationList.Entry> entries = new ArrayList<>();
            for (JsonNode n : array(ownNode, "entries")) {
                entries.add(new RevocationList.Entry(
                        text(n, "serial"),
                        text(n, "fingerprint"),
                        Instant.parse(text(n, "revokedAt")),
                        text(n, "reason")));
            }
            RevocationList ownList = new RevocationList(
                    own, req(ownNode, "sequence").asLong(), Instant.parse(text(ownNode, "issuedAt")), entries);

            Map<NodeId, SignedRevocationList> peerLists = new HashMap<>();
            for (JsonNode n : array(root, "peerRevocations")) {
                NodeId id = NodeId.of(text(n, "nodeId"));
                TrustedPeer p = peers.get(id);
                if (p == null) {
                    throw new IllegalArgumentException("revocation list for " + id + ", which is not a peer");
                }
                byte[] enc = Base64.getDecoder().decode(text(n, "encoded"));
                byte[] sig = Base64.getDecoder().decode(text(n, "signature"));
                RevocationList l = RevocationList.verify(enc, sig, p.anchor());
                peerLists.put(id, new SignedRevocationList(l, enc, sig));
            }
            SignedRevocationList ownSigned = null;
            JsonNode signedNode = root.get("ownRevocationsSigned");
            if (signedNode != null && !signedNode.isNull()) {
                byte[] enc = Base64.getDecoder().decode(text(signedNode, "encoded"));
                byte[] sig = Base64.getDecoder().decode(text(signedNode, "signature"));
                ownSigned = new SignedRevocationList(RevocationList.verify(enc, sig, ownCa), enc, sig);
            }
            Set<String> blocked = new LinkedHashSet<>();
            JsonNode blockedNode = root.get("blockedFingerprints");
            if (blockedNode != null && blockedNode.isArray()) {
                for (JsonNode b : blockedNode) {
                    blocked.add(Fingerprints.normalize(b.asText()));
                }
            }
            return new TrustSnapshot(version, own, ownCa, peers, ownList, peerLists, ownSigned, blocked);
        } catch (IOException e) {
            throw new IOException("trust store file " + file + " is corrupt or unreadable: " + e.getMessage(), e);
        } catch (RuntimeException | RevocationListException e) {
            throw new IOException("trust store file " + file + " is corrupt: " + e.getMessage(), e);
        }
    }

    private static JsonNode req(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return v;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = req(n, field);
        if (!v.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' must be a string");
        }
        return v.asText();
    }

    private static JsonNode array(JsonNode n, String field) {
        JsonNode v = req(n, field);
        if (!v.isArray()) {
            throw new IllegalArgumentException("field '" + field + "' must be an array");
        }
        return v;
    }
}
