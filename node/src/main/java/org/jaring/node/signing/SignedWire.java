package org.jaring.node.signing;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.security.MessageDigest;

/**
 * The signed peer messages' rule on the bytes as they travel: a signature covers the domain string and then the
 * message's serialized bytes with every top-level record of its {@code signature} and {@code signer_fingerprint}
 * fields taken out. A sender that serializes the message without those two fields, signs those bytes and then
 * appends the two fields sends bytes that parse into the signed message; a receiver strips the two fields from
 * the bytes it received and never re-serializes.
 *
 * <p>Why bytes rather than the re-serialized message: the message is encoded once instead of three times (for
 * the signature, for gRPC, for the receiver's check), and a field the receiver's schema does not know is
 * covered exactly as sent, where re-serializing would move it to the end and break the signature. For a
 * message that is re-serialized after all (the Java encoder writes fields in number order) the two rules give
 * the same bytes, so signatures made either way verify either way.
 */
public final class SignedWire {
    private SignedWire() {}

    /** {@code unsigned} (the message serialized without the signature fields) followed by the two fields. */
    public static byte[] withSignature(
            byte[] unsigned, int signatureField, byte[] signature, int fingerprintField, String fingerprint) {
        ByteString sig = ByteString.copyFrom(signature);
        int size = unsigned.length
                + CodedOutputStream.computeBytesSize(signatureField, sig)
                + CodedOutputStream.computeStringSize(fingerprintField, fingerprint);
        byte[] out = new byte[size];
        System.arraycopy(unsigned, 0, out, 0, unsigned.length);
        CodedOutputStream tail = CodedOutputStream.newInstance(out, unsigned.length, size - unsigned.length);
        try {
            tail.writeBytes(signatureField, sig);
            tail.writeString(fingerprintField, fingerprint);
            tail.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new IllegalStateException("cannot append the signature: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Feeds {@code domain} and then {@code wire} without the records of the two signature fields to {@code digest}.
     * Bytes that are not a well-formed message are refused with an {@link IllegalArgumentException}.
     */
    public static void feedSigned(
            MessageDigest digest, byte[] domain, byte[] wire, int signatureField, int fingerprintField) {
        digest.update(domain);
        CodedInputStream in = CodedInputStream.newInstance(wire);
        int kept = 0; // start of the bytes not yet fed
        try {
            while (true) {
                int start = in.getTotalBytesRead();
                int tag = in.readTag();
                if (tag == 0) {
                    break;
                }
                if (!in.skipField(tag)) {
                    throw new InvalidProtocolBufferException("an end-group tag outside any group");
                }
                int field = WireFormat.getTagFieldNumber(tag);
                if (field == signatureField || field == fingerprintField) {
                    digest.update(wire, kept, start - kept);
                    kept = in.getTotalBytesRead();
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("the signed message is not well-formed: " + e.getMessage(), e);
        }
        digest.update(wire, kept, wire.length - kept);
    }
}
