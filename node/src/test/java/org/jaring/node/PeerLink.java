package org.jaring.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The network between a node and a peer's listener, as a test drives it: a TCP relay on its own loopback port
 * that forwards bytes both ways (TLS runs end to end through it, the relay sees only ciphertext), and that can
 * <ul>
 *   <li>hold the peer's bytes once a given number of them has passed, for as long as the test wants: a transfer
 *       is then certainly under way and certainly not finished, however fast or slow the machine is;</li>
 *   <li>cut every connection and refuse new ones, counting each refused attempt: the peer is unreachable, and
 *       the test sees the node's reconnect attempts.</li>
 * </ul>
 * A peer that is down behind the relay looks the same as a refusal: the relay closes the connection it accepted.
 */
public final class PeerLink implements AutoCloseable {
    private final int targetPort;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "peer-link");
        t.setDaemon(true);
        return t;
    });
    private final Set<Pipe> pipes = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    // guarded by lock
    private boolean refusing;
    private int refused;
    /** Peer bytes that may still pass before the rest is held; -1: nothing is held. */
    private long passBeforeHold = -1;

    private boolean holding;
    private boolean closed;

    /** A relay to the listener on {@code targetPort} of this host's loopback address. */
    public PeerLink(int targetPort) {
        this.targetPort = targetPort;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        threads.execute(this::accept);
    }

    /** Where a node reaches the peer through this relay. */
    public String endpoint() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** From now on, {@code bytes} more bytes from the peer pass, then the rest is held until {@link #release()}. */
    public void holdAfter(long bytes) {
        synchronized (lock) {
            passBeforeHold = bytes;
            holding = false;
        }
    }

    /** Whether bytes from the peer are being held back. */
    public boolean holding() {
        synchronized (lock) {
            return holding;
        }
    }

    /** Lets held and later bytes pass again. */
    public void release() {
        synchronized (lock) {
            passBeforeHold = -1;
            holding = false;
            lock.notifyAll();
        }
    }

    /**
     * The peer becomes unreachable, as a crash or a cable pulled looks from the node: every connection is closed
     * at once, in the middle of whatever it carried, and new ones are refused until {@link #restore()}. Nothing
     * stays held.
     */
    public void cut() {
        synchronized (lock) {
            refusing = true;
            passBeforeHold = -1;
            holding = false;
            lock.notifyAll();
        }
        for (Pipe p : pipes) {
            p.close();
        }
    }

    /** Connections reach the peer again. */
    public void restore() {
        synchronized (lock) {
            refusing = false;
        }
    }

    /** Connections refused so far: while cut, or because the peer's listener refused them. */
    public int refused() {
        synchronized (lock) {
            return refused;
        }
    }

    private void accept() {
        while (true) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            boolean refuse;
            synchronized (lock) {
                refuse = refusing || closed;
            }
            Socket upstream = null;
            if (!refuse) {
                try {
                    upstream = new Socket();
                    upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 30_000);
                } catch (IOException e) {
                    closeQuietly(upstream);
                    upstream = null;
                    refuse = true; // the peer's listener is down
                }
            }
            if (refuse) {
                closeQuietly(client);
                synchronized (lock) {
                    refused++;
                }
                continue;
            }
            Pipe pipe = new Pipe(client, upstream);
            pipes.add(pipe);
            threads.execute(() -> pipe.pump(pipe.client, pipe.upstream, false));
            threads.execute(() -> pipe.pump(pipe.upstream, pipe.client, true));
        }
    }

    /** How many of {@code wanted} peer bytes may pass now: waits while they are held; -1 once the pipe is closed. */
    private int admit(Pipe pipe, int wanted) throws InterruptedException {
        synchronized (lock) {
            while (true) {
                if (pipe.closed) {
                    return -1;
                }
                if (passBeforeHold < 0) {
                    return wanted;
                }
                if (passBeforeHold > 0) {
                    int n = (int) Math.min(wanted, passBeforeHold);
                    passBeforeHold -= n;
                    return n;
                }
                holding = true;
                lock.wait();
            }
        }
    }

    /** One connection through the relay: the node's side and the peer's. */
    private final class Pipe {
        final Socket client;
        final Socket upstream;
        volatile boolean closed;

        Pipe(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void pump(Socket from, Socket to, boolean fromPeer) {
            byte[] buf = new byte[16 << 10];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    int off = 0;
                    while (off < n) {
                        int m = fromPeer ? admit(this, n - off) : n - off;
                        if (m < 0) {
                            return;
                        }
                        out.write(buf, off, m);
                        out.flush();
                        off += m;
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the connection ended, one way or the other
            } finally {
                close();
            }
        }

        void close() {
            synchronized (lock) {
                closed = true;
                lock.notifyAll();
            }
            closeQuietly(client);
            closeQuietly(upstream);
            pipes.remove(this);
        }
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
        }
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        for (Pipe p : pipes) {
            p.close();
        }
        threads.shutdownNow();
    }
}
