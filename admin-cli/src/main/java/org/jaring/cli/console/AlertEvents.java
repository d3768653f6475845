package org.jaring.cli.console;

import com.sun.net.httpserver.HttpExchange;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jaring.v1.Alert;
import org.jaring.v1.NationalServiceGrpc;
import org.jaring.v1.WatchAlertsRequest;

/**
 * Alerts live in the browser: one server-sent event stream per open page, fed by one WatchAlerts call to the node.
 * A comment line every few seconds finds a closed page (the write fails), which then ends the node call.
 */
final class AlertEvents {
    private static final long KEEPALIVE_SECONDS = 10;

    private final Channel national;

    AlertEvents(Channel national) {
        this.national = Objects.requireNonNull(national, "national");
    }

    void stream(HttpExchange ex, long afterAlertId) throws IOException {
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        AtomicReference<ClientCallStreamObserver<WatchAlertsRequest>> call = new AtomicReference<>();
        NationalServiceGrpc.newStub(national)
                .watchAlerts(
                        WatchAlertsRequest.newBuilder()
                                .setAfterAlertId(afterAlertId)
                                .build(),
                        new ClientResponseObserver<WatchAlertsRequest, Alert>() {
                            @Override
                            public void beforeStart(ClientCallStreamObserver<WatchAlertsRequest> requests) {
                                call.set(requests);
                            }

                            @Override
                            public void onNext(Alert alert) {
                                events.add(alert);
                            }

                            @Override
                            public void onError(Throwable t) {
                                events.add(Status.fromThrowable(t));
                            }

                            @Override
                            public void onCompleted() {
                                events.add(Status.OK);
                            }
                        });
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        Http.serverTiming(ex);
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            write(out, ": watching alerts\n\n");
            while (true) {
                Object e = events.poll(KEEPALIVE_SECONDS, TimeUnit.SECONDS);
                if (e == null) {
                    write(out, ": keep-alive\n\n");
                } else if (e instanceof Alert a) {
                    write(out, "id: " + a.getAlertId() + "\nevent: alert\ndata: " + Http.proto(a) + "\n\n");
                } else {
                    Status s = (Status) e;
                    // the page's EventSource reconnects by itself; tell it why the stream ended first
                    write(out, "event: ended\ndata: " + Http.JSON.writeValueAsString(String.valueOf(s)) + "\n\n");
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ClientCallStreamObserver<WatchAlertsRequest> c = call.get();
            if (c != null) {
                c.cancel("the console page closed", null);
            }
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
