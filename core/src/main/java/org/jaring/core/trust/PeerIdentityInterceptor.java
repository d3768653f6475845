package org.jaring.core.trust;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Turns the TLS peer certificate into a {@link PeerIdentity} in the gRPC Context, on every call. The handshake
 * check is not enough on its own: connections live long, and a revocation or peer removal must also stop calls on
 * connections opened before it. So each call re-verifies the leaf against the CURRENT trust snapshot; the result
 * is cached by (fingerprint, snapshot version), which makes the common case one map lookup.
 */
public final class PeerIdentityInterceptor implements ServerInterceptor {

    /** Bound on cached results per snapshot version; beyond it we just verify without caching. */
    private static final int MAX_CACHE = 10_000;

    private record Cache(long version, Map<String, TrustVerifier.Outcome> outcomes) {}

    private final String listenerName;
    private final Set<Role> allowedRoles;
    private final TrustVerifier verifier;
    private final AtomicReference<Cache> cache = new AtomicReference<>(new Cache(-1, Map.of()));

    public PeerIdentityInterceptor(String listenerName, Set<Role> allowedRoles, TrustVerifier verifier) {
        if (allowedRoles == null || allowedRoles.isEmpty()) {
            throw new IllegalArgumentException("listener " + listenerName + " must allow at least one role");
        }
        this.listenerName = listenerName;
        this.allowedRoles = EnumSet.copyOf(allowedRoles);
        this.verifier = verifier;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
        if (session == null) {
            return refuse(call, Status.UNAUTHENTICATED.withDescription("TLS with a client certificate is required"));
        }
        X509Certificate[] chain;
        try {
            Certificate[] certs = session.getPeerCertificates();
            chain = new X509Certificate[certs.length];
            for (int i = 0; i < certs.length; i++) {
                chain[i] = (X509Certificate) certs[i];
            }
        } catch (SSLPeerUnverifiedException | ClassCastException e) {
            return refuse(call, Status.UNAUTHENTICATED.withDescription("no verified client certificate"));
        }
        TrustVerifier.Outcome o = outcome(chain);
        if (!o.accepted()) {
            Status s = o.reason() == TrustReason.ROLE_NOT_ALLOWED ? Status.PERMISSION_DENIED : Status.UNAUTHENTICATED;
            return refuse(call, s.withDescription(o.reason() + ": " + o.detail()));
        }
        Context ctx = Context.current().withValue(PeerIdentity.CONTEXT_KEY, o.identity());
        return Contexts.interceptCall(ctx, call, headers, next);
    }

    private TrustVerifier.Outcome outcome(X509Certificate[] chain) {
        TrustSnapshot snapshot = verifier.store().snapshot();
        Cache c = cache.get();
        if (c.version() != snapshot.version()) {
            // New trust state: drop every cached answer, they were decided against the old one.
            Cache fresh = new Cache(snapshot.version(), new ConcurrentHashMap<>());
            c = cache.compareAndSet(c, fresh) ? fresh : cache.get();
        }
        String fp = chain.length == 0 ? "" : Fingerprints.sha256(chain[0]);
        Instant now = verifier.clock().instant();
        TrustVerifier.Outcome o = c.outcomes().get(fp);
        if (o == null || !now.isBefore(o.recheckAt())) {
            o = verifier.evaluate(snapshot, chain, allowedRoles, listenerName, TrustDecision.Stage.CALL);
            if (c.version() == snapshot.version() && c.outcomes().size() < MAX_CACHE) {
                c.outcomes().put(fp, o);
            }
        }
        return o;
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status) {
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() {};
    }

    public String listenerName() {
        return listenerName;
    }
}
