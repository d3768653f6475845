package org.jaring.cli.console;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.jaring.cli.UserError;
import org.jaring.cli.connect.ConnectionOptions;
import org.jaring.cli.connect.NodeConnection;
import org.jaring.core.config.NodeConfig;
import org.jaring.core.vocab.Labels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jaring console}: the analyst's browser console, served on 127.0.0.1 with a one-time link. */
@Command(
        name = "console",
        mixinStandardHelpOptions = true,
        header = "Open the analyst's console in a browser: ask the region, alerts, requests, disclosures, cases.",
        description = {
            "Serves the console on 127.0.0.1 only and prints a link with a one-time token; opening it gives that"
                    + " browser a session, and the link stops working. The console talks to your node over mutual"
                    + " TLS with the certificate given (--cert/--key; an analyst's is issued by 'jaring cert issue"
                    + " --role analyst'), so the node sees you as on the command line. Stop it with Ctrl-C.",
            "Languages of the interface and the code lists: en, th, ms, id, vi, fil (each user picks one in the"
                    + " page; --lang sets the first choice). See docs/console.md."
        })
public final class ConsoleCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "0",
            description = "Port on 127.0.0.1 to serve on (default: any free port, printed at start).")
    int port;

    @Option(
            names = "--lang",
            paramLabel = "LANG",
            defaultValue = "en",
            description = "Language a new page starts in: en, th, ms, id, vi or fil (default: ${DEFAULT-VALUE}).")
    String lang;

    @Option(
            names = "--max-upload",
            paramLabel = "SIZE",
            defaultValue = "64MiB",
            description = "Largest file the Cases page imports by upload, in bytes or with KiB, MiB or GiB"
                    + " (default: ${DEFAULT-VALUE}). A larger file is refused whole (HTTP 413);"
                    + " 'jaring import' takes files of any size.")
    String maxUpload;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** "64MiB", "512 KiB", "1000": the --max-upload cap in bytes; refused unless 1 byte to 4 GiB. */
    static long parseSize(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]{1,10})\\s*(|B|KiB|MiB|GiB)")
                .matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new UserError("--max-upload: '" + text + "' is not a size; give e.g. 64MiB, 512KiB or 1000000");
        }
        long unit = switch (m.group(2)) {
            case "KiB" -> 1L << 10;
            case "MiB" -> 1L << 20;
            case "GiB" -> 1L << 30;
            default -> 1;
        };
        long bytes = Long.parseLong(m.group(1));
        if (bytes < 1 || bytes > (4L << 30) / unit) {
            throw new UserError("--max-upload: " + text + " is outside 1 byte to 4GiB");
        }
        return bytes * unit;
    }

    /** Starts the console without blocking: the demo and the tests use this; {@link #call()} waits on it. */
    public ConsoleServer start() {
        String language;
        try {
            language = Labels.normalise(lang);
        } catch (IllegalArgumentException e) {
            throw new UserError("--lang: " + e.getMessage());
        }
        if (port < 0 || port > 65535) {
            throw new UserError("--port: " + port + " is not a port; give 1 to 65535, or 0 for any free port");
        }
        long uploadCap = parseSize(maxUpload);
        NodeConfig config = connection.config();
        String nodeId = config.nodeId();
        ManagedChannel national = connection.openNational();
        // Connect now (TLS handshake with the analyst's certificate) rather than when the first page asks: that page
        // would otherwise wait for it (docs/console.md, "Tests and figures").
        national.getState(true);
        AdminChannel admin = new AdminChannel(connection);
        admin.connectEarly();
        try {
            return ConsoleServer.start(
                    port,
                    new ConsoleApi(national, admin, nodeId, language, uploadCap),
                    new AlertEvents(national),
                    new ConsoleImports(
                            national,
                            config.country(),
                            Math.min(5000, config.limits().maxBatchValues()),
                            uploadCap),
                    () -> {
                        NodeConnection.close(national);
                        admin.close();
                    });
        } catch (RuntimeException e) {
            NodeConnection.close(national);
            throw new UserError(e.getMessage());
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        ConsoleServer console = start();
        PrintWriter out = spec.commandLine().getOut();
        out.println("The Jaring console is on http://127.0.0.1:" + console.port() + "/ for node "
                + connection.config().nodeId() + ".");
        out.println("Open this link in your browser; it works once, for one browser session:");
        out.println("  " + console.loginUrl());
        out.println("Keep this window open while you use the console; stop it with Ctrl-C.");
        out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(console::close, "console-stop"));
        console.awaitClose();
        return 0;
    }

    /**
     * The admin listener is opened only when a page needs it (Region): many analysts' certificates may not use it,
     * and the console must start for them all the same.
     */
    private static final class AdminChannel implements Supplier<Channel> {
        private final NodeConnection connection;
        private ManagedChannel channel;

        AdminChannel(NodeConnection connection) {
            this.connection = connection;
        }

        @Override
        public synchronized Channel get() {
            if (channel == null) {
                try {
                    channel = connection.openAdmin();
                } catch (UserError e) {
                    throw new Http.Failure(409, e.getMessage());
                }
            }
            return channel;
        }

        /**
         * Opens and connects the admin channel in the background, so that the Region page does not wait for the
         * handshake; if it cannot be opened, the Region page says why when it asks (get() tries again).
         */
        void connectEarly() {
            Thread t = new Thread(
                    () -> {
                        try {
                            if (get() instanceof ManagedChannel m) {
                                m.getState(true);
                            }
                        } catch (RuntimeException ignored) {
                            // reported to the page by get() when the Region page asks
                        }
                    },
                    "console-admin-connect");
            t.setDaemon(true);
            t.start();
        }

        synchronized void close() {
            if (channel != null) {
                NodeConnection.close(channel);
            }
        }
    }
}
