package org.scx4j.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stats server over a real Unix socket: protocol, permissions and the hardening cases. */
class StatsServerTest {

    @TempDir
    Path dir;

    final AtomicLong local = new AtomicLong();
    final StatsSource source = () -> Map.of("local", local.get(), "queued", 7, "mode", "fifo");
    final ArrayList<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (var c : toClose.reversed()) {
            c.close();
        }
    }

    StatsServer start(StatsServerOptions options) {
        var server = StatsServer.start(options, StatsProtocolTest.METRICS, source);
        toClose.add(server);
        return server;
    }

    StatsServer start() {
        return start(StatsServerOptions.defaults().withSocket(dir.resolve("stats")));
    }

    StatsClient client(StatsServer server) {
        var c = StatsClient.connect(server.socket());
        toClose.add(c);
        return c;
    }

    static int errno(String answerLine) throws IOException {
        return ((Number) JSON.std.mapFrom(answerLine).get("errno")).intValue();
    }

    static long openFds() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /**
     * Waits (bounded) until this process holds {@code n} descriptors: NIO closes a dropped
     * client's socket at the selector's next wake-up, after the client has left the count.
     */
    static long awaitOpenFds(long n) throws Exception {
        long open = openFds();
        for (int i = 0; i < 500 && open != n; i++) {
            Thread.sleep(10);
            open = openFds();
        }
        return open;
    }

    /** Waits (bounded) until the server has noticed every disconnect; correctness, not timing, is asserted after. */
    static void awaitClients(StatsServer server, int n) throws InterruptedException {
        for (int i = 0; i < 500 && server.clientCount() != n; i++) {
            Thread.sleep(10);
        }
    }

    @Test
    void servesStatsAndMetaWithPerClientDeltas() {
        var server = start();
        local.set(10);
        var a = client(server);
        var b = client(server);
        awaitClientsQuietly(server, 2);
        local.set(14);
        assertThat(a.stats()).containsEntry("local", 4).containsEntry("mode", "fifo");
        local.set(20);
        assertThat(a.stats()).containsEntry("local", 6);
        assertThat(b.stats()).containsEntry("local", 10);
        assertThat(MetricSet.fromMeta(b.meta())).isEqualTo(StatsProtocolTest.METRICS);
    }

    private static void awaitClientsQuietly(StatsServer server, int n) {
        try {
            awaitClients(server, n);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void socketIsOwnerOnlyByDefault() throws IOException {
        var server = start();
        var attrs = Files.readAttributes(server.socket(), PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        assertThat(attrs.isOther()).as("a socket").isTrue();
        assertThat(PosixFilePermissions.toString(attrs.permissions())).isEqualTo("rw-------");
        assertThat(attrs.owner().getName()).isEqualTo(System.getProperty("user.name"));
        assertThat(System.getProperty("user.name")).as("these tests run as root, like schedulers").isEqualTo("root");
        try (var temporaries = Files.list(dir)) {
            assertThat(temporaries.map(p -> p.getFileName().toString())).containsExactly("stats");
        }
    }

    @Test
    void aGroupGetsReadWriteAccess() throws IOException {
        var server = start(StatsServerOptions.defaults().withSocket(dir.resolve("stats")).withGroup("daemon"));
        var attrs = Files.readAttributes(server.socket(), PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        assertThat(PosixFilePermissions.toString(attrs.permissions())).isEqualTo("rw-rw----");
        assertThat(attrs.group().getName()).isEqualTo("daemon");
        assertThat(client(server).stats()).containsKey("local");
    }

    @Test
    void anUnknownGroupFailsClearly() {
        assertThatThrownBy(() -> start(StatsServerOptions.defaults().withSocket(dir.resolve("stats"))
                .withGroup("no-such-group-scx4j")))
                .isInstanceOf(StatsException.class).hasMessageContaining("'no-such-group-scx4j' does not exist");
        assertThat(dir.resolve("stats")).doesNotExist();
    }

    @Test
    void aLeftoverSocketIsReplacedButALiveServerIsNot() throws IOException {
        Path path = dir.resolve("stats");
        var dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        dead.bind(UnixDomainSocketAddress.of(path));
        dead.close(); // the file stays, nobody listens: what a crashed scheduler leaves behind
        assertThat(path).exists();
        var server = start();
        assertThat(client(server).stats()).containsKey("local");
        assertThatThrownBy(this::start).isInstanceOf(StatsException.class).hasMessageContaining("another scheduler serves stats");
        assertThat(client(server).stats()).containsKey("local");
    }

    @Test
    void closeRemovesTheSocket() {
        var server = StatsServer.start(StatsServerOptions.defaults().withSocket(dir.resolve("stats")),
                StatsProtocolTest.METRICS, source);
        assertThat(server.socket()).exists();
        server.close();
        assertThat(server.socket()).doesNotExist();
        assertThatThrownBy(() -> StatsClient.connect(dir.resolve("stats"))).isInstanceOf(StatsException.class)
                .hasMessageContaining("is a scheduler running?");
    }

    @Test
    void malformedRequestsGetEinvalAndTheConnectionStaysUsable() throws IOException {
        var c = client(start());
        assertThat(errno(c.exchange("{\"req\":\"nope\"}"))).isEqualTo(22);
        assertThat(errno(c.exchange("{{{ not json"))).isEqualTo(22);
        assertThat(errno(c.exchange("\u0000\u00ff binary"))).isEqualTo(22);
        assertThat(errno(c.exchange("{\"req\":\"stats\"}"))).isEqualTo(0);
    }

    @Test
    void aRequestLineOver64KiBIsRefusedAndSkipped() throws IOException {
        var server = start();
        var c = client(server);
        var other = client(server);
        String huge = "{\"req\":\"stats\",\"pad\":\"" + "x".repeat(200 * 1024) + "\"}";
        var answer = c.exchange(huge);
        assertThat(errno(answer)).isEqualTo(22);
        assertThat(answer).contains("longer than 65536 bytes");
        assertThat(errno(c.exchange("{\"req\":\"stats\"}"))).isEqualTo(0);
        assertThat(other.stats()).containsKey("local");
        // Just under the limit is still a request (here: a valid one).
        String fits = "{\"req\":\"stats\",\"args\":{\"pad\":\"" + "y".repeat(64 * 1024 - 100) + "\"}}";
        assertThat(errno(c.exchange(fits))).isEqualTo(0);
    }

    @Test
    void aClientThatNeverReadsCannotStallOthers() throws Exception {
        var server = start();
        // One client connects and sends nothing; another floods requests and never reads answers.
        var silent = SocketChannel.open(UnixDomainSocketAddress.of(server.socket()));
        toClose.add(silent);
        var flooder = SocketChannel.open(UnixDomainSocketAddress.of(server.socket()));
        toClose.add(flooder);
        flooder.configureBlocking(false);
        var request = "{\"req\":\"stats_meta\"}\n".getBytes(StandardCharsets.US_ASCII);
        long sent = 0;
        // Write until the kernel refuses more: the server has stopped reading this client.
        int refusedInARow = 0;
        while (refusedInARow < 50 && sent < 512L * 1024 * 1024) {
            int n = flooder.write(ByteBuffer.wrap(request));
            sent += n;
            if (n == 0) {
                refusedInARow++;
                Thread.sleep(2);
            } else {
                refusedInARow = 0;
            }
        }
        assertThat(sent).as("the server stopped taking requests from a client that does not read")
                .isLessThan(512L * 1024 * 1024);
        // Meanwhile a well-behaved client is served normally, many times.
        var good = client(server);
        good.stats(); // the baseline: the server may accept after connect() returned
        for (int i = 0; i < 100; i++) {
            local.incrementAndGet();
            assertThat(good.stats()).containsEntry("local", 1);
        }
        assertThat(server.clientCount()).isEqualTo(3);
    }

    @Test
    void hundredsOfClientsLeaveNoDescriptorsBehind() throws Exception {
        var server = start();
        churn(server, 30); // warm up: first uses load classes and allocate selector internals
        client(server).stats();
        awaitClients(server, 1);
        long before = openFds();
        churn(server, 300);
        awaitClients(server, 1);
        assertThat(server.clientCount()).isEqualTo(1);
        assertThat(awaitOpenFds(before)).isEqualTo(before);
        assertThat(client(server).stats()).containsKey("local");
    }

    /** Connects {@code n} clients one after another in three ways, then {@code n/3} at once. */
    private static void churn(StatsServer server, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            var c = SocketChannel.open(UnixDomainSocketAddress.of(server.socket()));
            switch (i % 3) {
                case 0 -> c.write(ByteBuffer.wrap("{\"req\":\"stats\"}\n".getBytes(StandardCharsets.US_ASCII)));
                case 1 -> c.write(ByteBuffer.wrap("{\"req\":\"sta".getBytes(StandardCharsets.US_ASCII))); // half a request
                default -> { } // connect and leave
            }
            c.close();
        }
        // Concurrent ones too, each doing a full exchange.
        var threads = new ArrayList<Thread>();
        var failures = new java.util.concurrent.ConcurrentLinkedQueue<Throwable>();
        for (int i = 0; i < n / 3; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try (var c = StatsClient.connect(server.socket())) {
                    c.stats();
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }));
        }
        for (var t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void atTheClientLimitTheLongestIdleClientMakesRoom() throws Exception {
        var server = start(StatsServerOptions.defaults().withSocket(dir.resolve("stats")).withMaxClients(3));
        var idle = client(server);
        awaitClients(server, 1);
        Thread.sleep(20);
        var a = client(server);
        var b = client(server);
        a.stats();
        b.stats();
        var newcomer = client(server);
        assertThat(newcomer.stats()).containsKey("local");
        assertThat(a.stats()).containsKey("local");
        assertThatThrownBy(idle::stats).isInstanceOf(StatsException.class);
        assertThat(server.clientCount()).isEqualTo(3);
    }
}
