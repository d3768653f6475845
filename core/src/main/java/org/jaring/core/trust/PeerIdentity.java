package org.jaring.core.trust;

import io.grpc.Context;
import java.math.BigInteger;

/**
 * The verified identity of the caller, placed in the gRPC Context by {@link PeerIdentityInterceptor}. Feature code
 * asks for this and never looks at TLS sessions or certificates.
 *
 * @param principal user name for analysts and admins, null for nodes
 * @param fingerprintSha256 lower-case hex SHA-256 of the leaf certificate's DER
 */
public record PeerIdentity(NodeId nodeId, Role role, String principal, String fingerprintSha256, BigInteger serial) {

    public static final Context.Key<PeerIdentity> CONTEXT_KEY = Context.key("jaring.peer-identity");

    public PeerIdentity {
        if (nodeId == null || role == null || fingerprintSha256 == null || serial == null) {
            throw new IllegalArgumentException("nodeId, role, fingerprint and serial are required");
        }
    }

    /** The caller of the current gRPC call; throws if the call did not pass the interceptor (a wiring bug). */
    public static PeerIdentity current() {
        PeerIdentity id = CONTEXT_KEY.get();
        if (id == null) {
            throw new IllegalStateException(
                    "no PeerIdentity in the gRPC Context: is PeerIdentityInterceptor installed?");
        }
        return id;
    }

    public IdentityUri uri() {
        return new IdentityUri(role, nodeId, principal);
    }
}
