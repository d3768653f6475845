package org.jaring.cli.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The console's HTTP server: the JDK's own, bound to 127.0.0.1 only. Every answer carries the guard's security
 * headers; every request must name the loopback Host; everything but the one-time login needs the session cookie;
 * every POST also passes the guard's origin and CSRF checks. Node refusals reach the page as {"error": "..."} with an
 * HTTP status of the same kind (this class is the one place that maps them).
 */
public final class ConsoleServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ConsoleServer.class.getName());

    /** Live alert streams hold a thread each; this bounds them and the API calls together. */
    private static final int THREADS = 24;

    private final HttpServer server;
    private final ExecutorService threads;
    private final ConsoleGuard guard = new ConsoleGuard();
    private final ConsoleApi api;
    private final AlertEvents alerts;
    private final ConsoleImports imports;
    private final Runnable onClose;
    private final CountDownLatch closed = new CountDownLatch(1);

    private ConsoleServer(int port, ConsoleApi api, AlertEvents alerts, ConsoleImports imports, Runnable onClose)
            throws IOException {
        this.api = Objects.requireNonNull(api, "api");
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.imports = Objects.requireNonNull(imports, "imports");
        this.onClose = Objects.requireNonNull(onClose, "onClose");
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "console-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 64);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        guard.port(server.getAddress().getPort());
        StaticFiles.preload();
        api.warm();
        server.start();
    }

    static ConsoleServer start(int port, ConsoleApi api, AlertEvents alerts, ConsoleImports imports, Runnable onClose) {
        try {
            return new ConsoleServer(port, api, alerts, imports, onClose);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The URL to open, with the one-time token: good for one browser session. */
    public String loginUrl() {
        return "http://127.0.0.1:" + port() + "/login?token=" + guard.token();
    }

    /** Blocks until {@link #close()}. */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        onClose.run();
        closed.countDown();
    }

    private void handle(HttpExchange ex) throws IOException {
        // Not try-with-resources: that closes the exchange before a catch clause runs, and every refusal below was
        // then written to a closed connection (the browser saw an empty reply instead of the node's reason).
        ex.setAttribute(Http.STARTED, System.nanoTime());
        try {
            ConsoleGuard.secure(ex.getResponseHeaders());
            if (!guard.hostAllowed(ex)) {
                Http.error(ex, 421, "the console answers only to http://127.0.0.1:" + port() + "/");
                return;
            }
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (path.equals("/login") && method.equals("GET")) {
                login(ex);
                return;
            }
            Optional<ConsoleGuard.Session> session = guard.session(ex);
            if (session.isEmpty()) {
                Http.error(
                        ex,
                        401,
                        "no console session: open the link that 'jaring console' printed (it works once; start"
                                + " 'jaring console' again for a new one)");
                return;
            }
            if (path.startsWith("/api/")) {
                api(ex, path.substring("/api/".length()), method, session.get());
            } else if (!method.equals("GET") || !StaticFiles.serve(ex, path)) {
                Http.error(ex, 404, "no such page: " + path);
            }
        } catch (Http.Failure f) {
            Http.error(ex, f.status, f.getMessage());
        } catch (StatusRuntimeException e) {
            Http.error(ex, httpStatus(e.getStatus()), nodeMessage(e.getStatus()));
        } catch (RuntimeException | LinkageError e) {
            // Fail closed with an answer rather than a dropped connection. The exception's text can quote a peer's or
            // a file's bytes and names Java classes: it goes to the terminal that runs the console, not to the page.
            LOG.log(Level.WARNING, "console request " + ex.getRequestMethod() + " failed", e);
            Http.error(ex, 500, "the console failed on this request; the terminal running 'jaring console' shows why");
        } finally {
            ex.close();
        }
    }

    private void login(HttpExchange ex) throws IOException {
        Optional<ConsoleGuard.Session> s = guard.redeem(Http.query(ex).get("token"));
        if (s.isEmpty()) {
            Http.error(
                    ex,
                    403,
                    "this console link is wrong or was already used: each link works once. Start 'jaring console'"
                            + " again for a new one.");
            return;
        }
        ex.getResponseHeaders().set("Set-Cookie", ConsoleGuard.cookie(s.get()));
        // to the page without the token, so that it stays out of the address bar and the history
        ex.getResponseHeaders().set("Location", "/");
        ex.sendResponseHeaders(303, -1);
    }

    private void api(HttpExchange ex, String route, String method, ConsoleGuard.Session session) throws IOException {
        boolean done;
        if (method.equals("GET")) {
            if (route.equals("alerts/stream")) {
                long after;
                try {
                    after = Long.parseLong(Http.query(ex).getOrDefault("after", "0"));
                } catch (NumberFormatException e) {
                    throw new Http.Failure(400, "after: not an alert ID");
                }
                String last = ex.getRequestHeaders().getFirst("Last-Event-ID");
                if (last != null && last.matches("[0-9]{1,19}")) {
                    after = Math.max(after, Long.parseLong(last));
                }
                alerts.stream(ex, after);
                return;
            }
            if (route.equals("import")) {
                imports.status(ex, session);
                return;
            }
            done = api.get(ex, route, session);
        } else if (method.equals("POST")) {
            String refusal = guard.changeRefusal(ex, session);
            if (refusal != null) {
                Http.error(ex, 403, refusal);
                return;
            }
            if (route.equals("import")) {
                imports.upload(ex, session);
                return;
            }
            done = api.post(ex, route);
        } else {
            Http.error(ex, 405, method + " is not used by the console");
            return;
        }
        if (!done) {
            Http.error(ex, 404, "no such API route: " + route);
        }
    }

    private static int httpStatus(Status s) {
        return switch (s.getCode()) {
            case INVALID_ARGUMENT, OUT_OF_RANGE -> 400;
            case PERMISSION_DENIED, UNAUTHENTICATED -> 403;
            case NOT_FOUND -> 404;
            case FAILED_PRECONDITION, ALREADY_EXISTS, ABORTED -> 409;
            case RESOURCE_EXHAUSTED -> 429;
            case UNAVAILABLE -> 502;
            case DEADLINE_EXCEEDED -> 504;
            default -> 500;
        };
    }

    private static String nodeMessage(Status s) {
        String d = s.getDescription() == null ? "" : s.getDescription();
        return switch (s.getCode()) {
            case UNAVAILABLE -> "your node cannot be reached: " + d;
            case PERMISSION_DENIED, UNAUTHENTICATED -> "your certificate may not do this: " + d;
            default -> d.isEmpty() ? s.getCode().toString() : d;
        };
    }
}
