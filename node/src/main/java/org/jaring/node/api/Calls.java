package org.jaring.node.api;

import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/** Runs the body of a unary call and routes every failure through {@link GrpcErrors}. */
public final class Calls {
    private Calls() {}

    public static <T> void unary(StreamObserver<T> responses, Supplier<T> body) {
        T response;
        try {
            response = body.get();
        } catch (Throwable failure) {
            responses.onError(GrpcErrors.toStatus(failure));
            return;
        }
        responses.onNext(response);
        responses.onCompleted();
    }
}
