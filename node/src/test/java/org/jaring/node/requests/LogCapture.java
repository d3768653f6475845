package org.jaring.node.requests;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Every log record of the node's code while open, as the message a log line would carry. */
final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger = Logger.getLogger("org.jaring");
    private final List<String> messages = new ArrayList<>();
    private final Level previous;

    LogCapture() {
        previous = logger.getLevel();
        logger.setLevel(Level.FINE);
        setLevel(Level.FINE);
        logger.addHandler(this);
    }

    @Override
    public synchronized void publish(LogRecord r) {
        if (isLoggable(r)) {
            messages.add(r.getMessage());
        }
    }

    synchronized List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(previous);
    }
}
