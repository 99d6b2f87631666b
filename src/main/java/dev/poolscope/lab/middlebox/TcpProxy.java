package dev.poolscope.lab.middlebox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A userspace TCP proxy on loopback that plays the middlebox between one pool and the database:
 * a NAT table or firewall that silently forgets idle flows, a partition, a reset, a slow link.
 *
 * <p>Blocking I/O with two named daemon threads per flow: a pool has tens of connections, and a
 * thread blocked in read() costs nothing while it waits, which keeps the forwarding path short
 * (see docs/benchmarks.md for the added latency).
 *
 * <p>A silently dropped flow keeps both sockets open and never sends FIN or RST: bytes that arrive
 * are read and thrown away, so the peer's writes succeed and its reads wait, as behind a real
 * middlebox that lost its state. Because the proxy's own kernel still acknowledges the client's
 * TCP keepalive probes, keepalive cannot be judged with this proxy alone; {@link NftablesDropper}
 * adds kernel-level drops for that.
 */
public final class TcpProxy implements AutoCloseable {

    private final String name;
    private final InetSocketAddress upstream;
    private final FaultHook hook;
    private final ServerSocket server;
    private final Set<Flow> flows = ConcurrentHashMap.newKeySet();
    private final Object blackholeLock = new Object();
    private volatile boolean blackholed;
    private volatile boolean closed;
    private volatile long idleDropMillis;
    private volatile long latencyNanos;
    private final AtomicLong flowIds = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong silentDrops = new AtomicLong();
    private final AtomicLong resets = new AtomicLong();
    private final AtomicLong statements = new AtomicLong();
    private final AtomicLong validations = new AtomicLong();
    private final AtomicLong validationNanos = new AtomicLong();
    private final AtomicLong unansweredValidations = new AtomicLong();
    private final AtomicLong opaque = new AtomicLong();
    private final Thread acceptor;
    private final Thread watchdog;

    private TcpProxy(String name, InetSocketAddress upstream, FaultHook hook) throws IOException {
        this.name = name;
        this.upstream = upstream;
        this.hook = hook;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        this.acceptor = daemon("poolscope-lab-proxy-" + name + "-accept", this::acceptLoop);
        this.watchdog = daemon("poolscope-lab-proxy-" + name + "-idle", this::idleLoop);
    }

    /** Starts a proxy on a free loopback port forwarding to {@code upstream}. */
    public static TcpProxy start(String name, InetSocketAddress upstream, FaultHook hook) throws IOException {
        TcpProxy proxy = new TcpProxy(name, upstream, hook);
        proxy.acceptor.start();
        proxy.watchdog.start();
        return proxy;
    }

    public int port() {
        return server.getLocalPort();
    }

    public String name() {
        return name;
    }

    /** Flows without a byte in either direction for this long are silently dropped; 0 turns it off. */
    public void setIdleDropMillis(long millis) {
        this.idleDropMillis = millis;
    }

    /** Added to every chunk forwarded, in each direction (so a round trip pays it twice). */
    public void setLatencyMicros(long micros) {
        this.latencyNanos = micros * 1000;
    }

    /** Stops (on) or resumes (off) all forwarding; bytes read meanwhile are delivered after the heal, as TCP retransmission would. */
    public void setBlackholed(boolean on) {
        synchronized (blackholeLock) {
            blackholed = on;
            hook.blackhole(port(), on);
            blackholeLock.notifyAll();
        }
    }

    /** Silently drops every open flow now, including those in the middle of a query. */
    public int dropAllSilently() {
        int n = 0;
        for (Flow flow : List.copyOf(flows)) {
            if (flow.dropSilently()) {
                n++;
            }
        }
        return n;
    }

    /** Resets every open flow (RST to both sides). */
    public int resetAll() {
        int n = 0;
        for (Flow flow : List.copyOf(flows)) {
            flow.reset();
            n++;
        }
        return n;
    }

    /** Client-side ports of the flows open now (the pool's sockets), for tests and the UI. */
    public List<Integer> clientPorts() {
        return flows.stream().map(f -> f.client.getPort()).sorted().toList();
    }

    public ProxyStats stats() {
        return new ProxyStats(accepted.get(), flows.size(), silentDrops.get(), resets.get(), statements.get(),
                validations.get(), unansweredValidations.get(), validationNanos.get(), opaque.get());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing a listening socket cannot leave anything behind
        }
        synchronized (blackholeLock) {
            blackholed = false;
            blackholeLock.notifyAll();
        }
        for (Flow flow : List.copyOf(flows)) {
            flow.reset(); // RST so clients blocked on a dropped flow get an error now, not after socketTimeout
        }
        watchdog.interrupt();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            accepted.incrementAndGet();
            try {
                client.setTcpNoDelay(true);
                Socket up = new Socket();
                up.setTcpNoDelay(true);
                up.connect(upstream, 10_000);
                Flow flow = new Flow(flowIds.incrementAndGet(), client, up);
                flows.add(flow);
                flow.start();
            } catch (IOException e) {
                // The database is unreachable: refuse the client the way a middlebox would, with a reset.
                abort(client);
            }
        }
    }

    private void idleLoop() {
        while (!closed) {
            long limit = idleDropMillis;
            if (limit > 0) {
                long now = System.nanoTime();
                for (Flow flow : flows) {
                    if (!flow.dropped && now - flow.lastActivityNanos > limit * 1_000_000) {
                        flow.dropSilently();
                    }
                }
            }
            try {
                Thread.sleep(50); // drop precision of 50 ms is ample against timeouts of seconds
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void awaitHeal() throws InterruptedException {
        synchronized (blackholeLock) {
            while (blackholed && !closed) {
                blackholeLock.wait();
            }
        }
    }

    private static void abort(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // already closed
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    /** One client connection and its upstream twin. */
    private final class Flow implements PgWireCounter.Sink {
        final long id;
        final Socket client;
        final Socket up;
        final PgWireCounter wire = new PgWireCounter(this);
        volatile long lastActivityNanos = System.nanoTime();
        volatile boolean dropped;
        private boolean ended;
        private final java.util.concurrent.atomic.AtomicInteger halfClosed = new java.util.concurrent.atomic.AtomicInteger();

        Flow(long id, Socket client, Socket up) {
            this.id = id;
            this.client = client;
            this.up = up;
        }

        void start() {
            daemon("poolscope-lab-proxy-" + name + "-c2s-" + id, () -> pump(client, up, true)).start();
            daemon("poolscope-lab-proxy-" + name + "-s2c-" + id, () -> pump(up, client, false)).start();
        }

        synchronized boolean dropSilently() {
            if (dropped || ended) {
                return false;
            }
            dropped = true;
            silentDrops.incrementAndGet();
            hook.flowDropped(client.getPort(), port());
            return true;
        }

        void reset() {
            synchronized (this) {
                if (ended) {
                    return;
                }
                resets.incrementAndGet();
            }
            end(true);
        }

        /** Closes both sides: with RST (a reset, an error, the proxy closing) or with FIN (both sides said goodbye). */
        private void end(boolean withReset) {
            synchronized (this) {
                if (ended) {
                    return;
                }
                ended = true;
            }
            flows.remove(this);
            if (dropped) {
                hook.flowClosing(client.getPort(), port()); // only dropped flows have rules to undo
            }
            wire.closed(!dropped);
            if (wire.opaque()) {
                opaque.incrementAndGet();
            }
            if (withReset) {
                abort(client);
                abort(up);
            } else {
                closeQuietly(client);
                closeQuietly(up);
            }
        }

        private void pump(Socket from, Socket to, boolean fromClient) {
            byte[] buf = new byte[16 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                while (true) {
                    int n = in.read(buf);
                    if (n < 0) {
                        break;
                    }
                    if (dropped) {
                        if (fromClient) {
                            wire.fromClient(buf, 0, n); // the pool did send it: count pings that will never be answered
                        }
                        continue; // silently forgotten: swallow, never answer
                    }
                    if (blackholed) {
                        awaitHeal();
                        if (dropped || closed) {
                            continue;
                        }
                    }
                    long delay = latencyNanos;
                    if (delay > 0) {
                        LockSupport.parkNanos(delay);
                    }
                    lastActivityNanos = System.nanoTime();
                    if (fromClient) {
                        wire.fromClient(buf, 0, n);
                    } else {
                        wire.fromServer(buf, 0, n);
                    }
                    out.write(buf, 0, n);
                }
                // EOF from one side: a healthy middlebox passes the FIN on (so the client still reads
                // what came before it, e.g. PostgreSQL's FATAL on pg_terminate_backend). A dropped flow does not.
                if (!dropped) {
                    try {
                        to.shutdownOutput();
                    } catch (IOException ignored) {
                        // the other side is gone already; the other pump ends the flow
                    }
                    if (halfClosed.incrementAndGet() == 2) {
                        end(false);
                    }
                } else if (fromClient) {
                    wire.closed(true); // the pool gave up on a dropped flow: a pending validation ends here
                }
            } catch (IOException e) {
                if (!dropped) {
                    end(true);
                } else if (fromClient) {
                    wire.closed(true);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                end(true);
            }
        }

        @Override
        public void statement() {
            statements.incrementAndGet();
        }

        @Override
        public void validationStarted() {
            validations.incrementAndGet();
        }

        @Override
        public void validationUnanswered() {
            unansweredValidations.incrementAndGet();
        }

        @Override
        public void validationFinished(long nanos) {
            validationNanos.addAndGet(nanos);
        }
    }
}
