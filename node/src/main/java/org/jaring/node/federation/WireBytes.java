package org.jaring.node.federation;

import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A gRPC marshaller that passes a message's bytes through both ways: a signed peer message is serialized once,
 * to be signed, and those exact bytes are sent (audit/SignedWire) instead of being encoded again by gRPC.
 */
public final class WireBytes implements MethodDescriptor.Marshaller<byte[]> {
    public static final WireBytes MARSHALLER = new WireBytes();

    private WireBytes() {}

    @Override
    public InputStream stream(byte[] value) {
        return new Bytes(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
        try {
            return stream.readAllBytes();
        } catch (IOException e) {
            throw Status.INTERNAL
                    .withDescription("cannot read a message: " + e.getMessage())
                    .withCause(e)
                    .asRuntimeException();
        }
    }

    /** Known length, so gRPC frames the message without copying it into a buffer of its own first. */
    private static final class Bytes extends ByteArrayInputStream implements KnownLength {
        Bytes(byte[] value) {
            super(value);
        }
    }
}
