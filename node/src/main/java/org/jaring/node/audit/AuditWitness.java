package org.jaring.node.audit;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jaring.core.text.SafeText;
import org.jaring.core.trust.PemFiles;
import org.jaring.v1.AuditKind;
import org.jaring.v1.AuditRecord;
import org.jaring.v1.SealedAuditRecord;

/**
 * The newest signed checkpoint this node wrote, kept outside its data folder (docs/audit.md, "The head
 * witness"). The hash chain and the checkpoint signatures show that nothing inside the chain was changed, but not
 * that nothing was cut after a signed checkpoint: records removed from the end back to an earlier checkpoint leave
 * a chain that verifies. The witness names the checkpoint the node last signed; a data folder that no longer holds
 * that record with that hash was cut or rolled back, and the node does not start on it.
 *
 * <p>The file is written after every checkpoint (temporary file, fsync, atomic rename; owner-only) beside the data
 * folder, as {@code <data folder>.audit-head}, so whoever can write only the data folder cannot roll it back with
 * the records. It holds no secret: one line {@code jaring-audit-head 1 NODE_ID SEQUENCE SHA256_HEX}.
 */
public final class AuditWitness {
    private static final Logger LOG = Logger.getLogger(AuditWitness.class.getName());
    private static final String MAGIC = "jaring-audit-head";
    private static final int MAX_BYTES = 512;
    private static final Pattern LINE = Pattern.compile(MAGIC + " 1 (\\S{1,128}) ([1-9][0-9]{0,18}) ([0-9a-f]{64})\n?");

    private final Path file;

    /** The witness of the data folder {@code dataDir}: the file {@code <dataDir>.audit-head} beside it. */
    public static AuditWitness beside(Path dataDir) {
        Path absolute = dataDir.toAbsolutePath().normalize();
        return new AuditWitness(absolute.resolveSibling(absolute.getFileName() + ".audit-head"));
    }

    public AuditWitness(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    public Path file() {
        return file;
    }

    /** What the witness says: the checkpoint record's sequence and its sealed hash. */
    public record Head(String nodeId, long sequence, byte[] hash) {
        String hex() {
            return HexFormat.of().formatHex(hash);
        }
    }

    /** Records {@code sequence}, a checkpoint whose sealed hash is {@code hash}, as the newest signed head. */
    void write(String nodeId, long sequence, byte[] hash) throws IOException {
        String line =
                MAGIC + " 1 " + nodeId + " " + sequence + " " + HexFormat.of().formatHex(hash) + "\n";
        PemFiles.writeAtomically(file, line.getBytes(StandardCharsets.US_ASCII), true);
    }

    /**
     * The head the witness names, or empty when there is no witness file (a new node, a restored home, or a file
     * someone removed). A file that is not a witness is refused: it is never read as "no witness".
     */
    public Optional<Head> read() {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > MAX_BYTES) {
                throw new IllegalStateException(
                        "the audit head witness " + file + " is not a regular file of at most " + MAX_BYTES + " bytes");
            }
            String text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
            Matcher m = LINE.matcher(text);
            if (!m.matches()) {
                throw new IllegalStateException("the audit head witness " + file + " is not '" + MAGIC
                        + " 1 NODE_ID SEQUENCE SHA256_HEX': " + SafeText.quote(text));
            }
            return Optional.of(new Head(
                    m.group(1), Long.parseLong(m.group(2)), HexFormat.of().parseHex(m.group(3))));
        } catch (IOException e) {
            throw new IllegalStateException("the audit head witness " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Where the log no longer matches the witness: the witnessed checkpoint's sequence and why, in one line. */
    public record Cut(long sequence, String detail) {}

    /**
     * Empty when there is no witness or the store still holds the witnessed checkpoint, byte for byte; otherwise
     * the cut. {@code recordAt} reads a stored record by sequence (null when absent); {@code lastSequence} is the
     * newest record in the store.
     */
    public Optional<Cut> check(LongFunction<byte[]> recordAt, String nodeId, long lastSequence) {
        Optional<Head> witnessed = read();
        if (witnessed.isEmpty()) {
            return Optional.empty();
        }
        Head w = witnessed.get();
        long at = w.sequence();
        if (!w.nodeId().equals(nodeId)) {
            return Optional.of(new Cut(
                    at,
                    "the audit head witness " + file + " is for node " + SafeText.quote(w.nodeId()) + ", not "
                            + SafeText.quote(nodeId)));
        }
        if (lastSequence < at) {
            return Optional.of(new Cut(
                    at,
                    "the log ends at record " + lastSequence + " but this node signed"
                            + " checkpoint " + at + " before it stopped (" + file + "): records after " + lastSequence
                            + " were cut from the end, or the data folder was rolled back"));
        }
        byte[] value = recordAt.apply(at);
        if (value == null) {
            return Optional.of(new Cut(
                    at, "checkpoint " + at + ", which this node signed (" + file + "), is missing from the log"));
        }
        try {
            SealedAuditRecord sealed = SealedAuditRecord.parseFrom(value);
            AuditRecord record = AuditRecord.parseFrom(sealed.getRecord());
            if (record.getKind() != AuditKind.AUDIT_KIND_CHECKPOINT
                    || !Arrays.equals(sealed.getHash().toByteArray(), w.hash())) {
                return Optional.of(new Cut(
                        at,
                        "record " + at + " is not the checkpoint this node signed (" + file + " names hash " + w.hex()
                                + "): the end of the log was replaced"));
            }
        } catch (InvalidProtocolBufferException e) {
            return Optional.of(new Cut(at, "record " + at + ", the checkpoint this node signed, cannot be read"));
        }
        return Optional.empty();
    }

    /** Logged once at start when a chain with checkpoints has no witness beside it. */
    public void warnMissing(long lastCheckpointed) {
        LOG.warning("the audit head witness " + file + " is missing although the log holds signed checkpoints (the"
                + " last covers record " + lastCheckpointed + "): a cut at a checkpoint cannot be detected for this"
                + " start. Expected after restoring a backup into a new home or moving the data folder; otherwise find"
                + " out who removed it. The node writes a new one at its next checkpoint.");
    }
}
