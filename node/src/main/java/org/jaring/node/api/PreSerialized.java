package org.jaring.node.api;

import com.google.protobuf.Parser;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import org.jaring.node.federation.Received;
import org.jaring.node.federation.WireBytes;

/**
 * Responses that are serialized before gRPC sees them: a signed peer message is serialized once, to be signed,
 * and those exact bytes are sent (audit/SignedWire), instead of being encoded again by gRPC's marshaller. The
 * method keeps its name and request type; only its response marshaller passes bytes through.
 */
public final class PreSerialized {
    private PreSerialized() {}

    /**
     * {@code method} as a signing node serves it: the request comes with the bytes it arrived in, which the answer's
     * {@code request_hash} is computed over (the asker hashes the bytes it sent, so a request in another valid
     * encoding, from another implementation or a newer version, still binds), and the answer goes out as bytes
     * serialized ahead. A client sees the same messages on the wire.
     */
    static <Q> MethodDescriptor<Received<Q>, byte[]> signedAnswersTo(MethodDescriptor<Q, ?> method, Parser<Q> parser) {
        return method.toBuilder(Received.marshaller(parser, Status.INVALID_ARGUMENT), WireBytes.MARSHALLER)
                .build();
    }

    /** {@code service} with the method of the same name as {@code method} bound to {@code handler} instead. */
    static <Q> ServerServiceDefinition replace(
            ServerServiceDefinition service, MethodDescriptor<Q, byte[]> method, ServerCallHandler<Q, byte[]> handler) {
        ServiceDescriptor old = service.getServiceDescriptor();
        ServiceDescriptor.Builder descriptor =
                ServiceDescriptor.newBuilder(old.getName()).setSchemaDescriptor(old.getSchemaDescriptor());
        for (MethodDescriptor<?, ?> m : old.getMethods()) {
            descriptor.addMethod(m.getFullMethodName().equals(method.getFullMethodName()) ? method : m);
        }
        ServerServiceDefinition.Builder out = ServerServiceDefinition.builder(descriptor.build());
        for (ServerMethodDefinition<?, ?> m : service.getMethods()) {
            if (!m.getMethodDescriptor().getFullMethodName().equals(method.getFullMethodName())) {
                out.addMethod(m);
            }
        }
        return out.addMethod(method, handler).build();
    }
}
