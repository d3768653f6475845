package org.jaring.cli.console;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Who may use the console, and the browser-side defences on every answer. The console runs on the analyst's
 * machine with the analyst's certificate, so anything that reaches it can act as the analyst: a web page in the same
 * browser (cross-site request forgery), a hostile DNS name pointed at 127.0.0.1 (DNS rebinding), another local user
 * who guesses the port. Hence: one random token, printed to the analyst's terminal and good once, buys one session
 * cookie (HttpOnly, SameSite=Strict); every request must name the loopback address in Host; every change must also
 * carry the session's CSRF token in a header and come from the console's own Origin.
 */
final class ConsoleGuard {
    static final String COOKIE = "jaring_console";
    static final String CSRF_HEADER = "X-Jaring-Csrf";

    /**
     * Scripts, styles, images and connections only from the console itself; no inline script or style, no plugins,
     * no framing, forms only to itself. Data from peers can then never become code, even if a page forgot to escape.
     */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private static final SecureRandom RANDOM = new SecureRandom();

    /** What one browser holds after redeeming the token. */
    record Session(String id, String csrf) {}

    private final AtomicReference<String> token = new AtomicReference<>(random());
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private volatile int port;

    void port(int port) {
        this.port = port;
    }

    /** The one-time token for the printed URL. */
    String token() {
        String t = token.get();
        if (t == null) {
            throw new IllegalStateException("the console's one-time token was already used");
        }
        return t;
    }

    static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The headers every answer carries, whatever it is. */
    static void secure(Headers h) {
        h.set("Content-Security-Policy", CSP);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("X-Frame-Options", "DENY");
        h.set("Cross-Origin-Opener-Policy", "same-origin");
        h.set("Cross-Origin-Resource-Policy", "same-origin");
        h.set("Cache-Control", "no-store");
    }

    /**
     * The Host header must be the loopback address and port the console listens on: a page served under an
     * attacker's DNS name that resolves to 127.0.0.1 (DNS rebinding) sends its own name and is refused here.
     */
    boolean hostAllowed(HttpExchange exchange) {
        List<String> hosts = exchange.getRequestHeaders().get("Host");
        if (hosts == null || hosts.size() != 1) {
            return false;
        }
        String host = hosts.get(0);
        return host.equals("127.0.0.1:" + port) || host.equals("localhost:" + port);
    }

    /** Exchanges the one-time token for a new session; empty if it is wrong or was already used. */
    Optional<Session> redeem(String offered) {
        String expected = token.get();
        if (offered == null || expected == null || !same(offered, expected) || !token.compareAndSet(expected, null)) {
            return Optional.empty();
        }
        Session s = new Session(random(), random());
        sessions.put(s.id(), s);
        return Optional.of(s);
    }

    static String cookie(Session s) {
        return COOKIE + "=" + s.id() + "; Path=/; HttpOnly; SameSite=Strict";
    }

    /** The session named by the request's cookie, if it is one this console gave out. */
    Optional<Session> session(HttpExchange exchange) {
        List<String> cookies = exchange.getRequestHeaders().get("Cookie");
        if (cookies == null) {
            return Optional.empty();
        }
        for (String header : cookies) {
            for (String part : header.split(";")) {
                String p = part.strip();
                if (p.startsWith(COOKIE + "=")) {
                    Session s = sessions.get(p.substring(COOKIE.length() + 1));
                    if (s != null) {
                        return Optional.of(s);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Why a state-changing request is refused, or null if it may go ahead: it must come from the console's own
     * origin (Origin, and Sec-Fetch-Site where the browser sends it) and carry the session's CSRF token.
     */
    String changeRefusal(HttpExchange exchange, Session s) {
        Headers h = exchange.getRequestHeaders();
        String origin = h.getFirst("Origin");
        if (origin == null
                || !(origin.equals("http://127.0.0.1:" + port) || origin.equals("http://localhost:" + port))) {
            return "the request does not come from the console's own origin (Origin: " + origin + ")";
        }
        String site = h.getFirst("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin")) {
            return "the request comes from another site (Sec-Fetch-Site: " + site + ")";
        }
        String csrf = h.getFirst(CSRF_HEADER);
        if (csrf == null || !same(csrf, s.csrf())) {
            return "the request lacks the session's " + CSRF_HEADER + " header; reload the console";
        }
        return null;
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
