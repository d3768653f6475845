package org.jaring.node.federation;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;

/**
 * A peer's message as parsed, with the exact bytes it arrived in: a signed message is checked over those bytes
 * (audit/SignedWire) and kept as evidence as received, so the receiver never encodes it again.
 */
public record Received<T>(T message, byte[] bytes) {

    /** {@code method} whose responses come with their bytes. */
    public static <Q, T> MethodDescriptor<Q, Received<T>> keepingBytes(
            MethodDescriptor<Q, T> method, Parser<T> parser) {
        return method.toBuilder(method.getRequestMarshaller(), marshaller(parser, Status.INTERNAL))
                .build();
    }

    /** {@code method} sending a request serialized ahead (a signed message as signed), its response with its bytes. */
    public static <T> MethodDescriptor<byte[], Received<T>> sendingBytes(
            MethodDescriptor<?, T> method, Parser<T> parser) {
        return method.toBuilder(WireBytes.MARSHALLER, marshaller(parser, Status.INTERNAL))
                .build();
    }

    /**
     * Parses a message and keeps its bytes; never sends one. {@code malformed} is the status of a message that does
     * not parse: INTERNAL for a peer's answer, INVALID_ARGUMENT for a peer's request.
     */
    public static <T> MethodDescriptor.Marshaller<Received<T>> marshaller(Parser<T> parser, Status malformed) {
        return new MethodDescriptor.Marshaller<>() {
            @Override
            public InputStream stream(Received<T> value) {
                throw new UnsupportedOperationException("a received message is never sent");
            }

            @Override
            public Received<T> parse(InputStream stream) {
                try {
                    byte[] bytes = readAll(stream);
                    return new Received<>(parser.parseFrom(bytes), bytes);
                } catch (InvalidProtocolBufferException e) {
                    throw malformed
                            .withDescription("the peer sent a malformed message: " + e.getMessage())
                            .withCause(e)
                            .asRuntimeException();
                } catch (IOException e) {
                    throw Status.INTERNAL
                            .withDescription("cannot read the peer's message: " + e.getMessage())
                            .withCause(e)
                            .asRuntimeException();
                }
            }
        };
    }

    /** gRPC's message streams know their length: read into one array of that size instead of growing buffers. */
    private static byte[] readAll(InputStream stream) throws IOException {
        if (stream instanceof KnownLength) {
            byte[] bytes = new byte[stream.available()];
            if (stream.readNBytes(bytes, 0, bytes.length) == bytes.length && stream.read() < 0) {
                return bytes;
            }
            throw new IOException("the message was not as long as announced");
        }
        return stream.readAllBytes();
    }
}
