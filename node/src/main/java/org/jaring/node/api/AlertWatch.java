package org.jaring.node.api;

import io.grpc.stub.ServerCallStreamObserver;
import java.util.function.Consumer;
import org.jaring.node.correlate.Correlator;
import org.jaring.v1.Alert;

/** One WatchAlerts stream: alerts already stored after the caller's ID, then each new one as it is raised. */
final class AlertWatch {
    private AlertWatch() {}

    static void start(Correlator correlator, long afterId, ServerCallStreamObserver<Alert> call) {
        Object lock = new Object();
        long[] sent = {afterId == 0 ? correlator.alerts().lastId() : afterId};
        Consumer<Alert> watcher = alert -> {
            synchronized (lock) {
                if (alert.getAlertId() > sent[0] && !call.isCancelled()) {
                    call.onNext(alert);
                    sent[0] = alert.getAlertId();
                }
            }
        };
        call.setOnCancelHandler(() -> correlator.unwatch(watcher));
        // Register first, then replay what is stored: an alert raised in between is sent once, not lost.
        correlator.watch(watcher);
        synchronized (lock) {
            for (Alert a : correlator.alerts().after(sent[0], 10_000)) {
                call.onNext(a);
                sent[0] = a.getAlertId();
            }
        }
    }
}
