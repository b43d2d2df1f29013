package org.scx4j.bpf;

import static org.scx4j.bpf.Native.INT;
import static org.scx4j.bpf.Native.LONG;
import static org.scx4j.bpf.Native.PTR;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Routes libbpf's print callback into java.util.logging (logger "org.scx4j.bpf.libbpf":
 * warnings as WARNING, info as INFO, debug as FINE and only with -v) and keeps each
 * thread's recent lines so a {@link BpfException} can carry them. {@link #setVerbose(boolean)}
 * is the switch behind every scheduler's {@code -v}: it makes libbpf's debug lines print to stderr.
 */
public final class LibbpfLog {
    private static final int KEEP = 400;
    private static final int LEVEL_WARN = 0, LEVEL_INFO = 1;
    private static final int VA_LIST_SIZE = 24; // x86-64 SysV va_list
    private static final ThreadLocal<ArrayDeque<String>> RECENT = ThreadLocal.withInitial(ArrayDeque::new);
    private static volatile boolean installed;
    private static volatile boolean routed;
    private static volatile boolean quiet;
    private static volatile boolean verbose;
    private static volatile boolean loggerCreated;

    /**
     * Created with the first line to log, or by -v: setting up java.util.logging took an
     * interpreted start under emulation a tenth of a second, and a start that goes well logs
     * no libbpf line without -v. libbpf's lines print as its own default printer does, one
     * plain line each, to stderr.
     */
    private static final class Jul {
        static final Logger LOGGER = create();

        private static Logger create() {
            Logger logger = Logger.getLogger("org.scx4j.bpf.libbpf");
            logger.setLevel(verbose ? Level.ALL : Level.INFO);
            logger.addHandler(stderrHandler());
            logger.setUseParentHandlers(false);
            loggerCreated = true;
            return logger;
        }
    }

    /**
     * The functions the log calls, resolved at its first call: setting up the log (quiet or
     * -v) must not wait for libbpf's linking, which runs beside the start's first steps.
     */
    private static final class Fns {
        // int (char *str, size_t size, const char *format, va_list ap)
        static final Native.Fn VSNPRINTF = Native.libc("vsnprintf");
        // libbpf_print_fn_t (libbpf_print_fn_t fn)
        static final Native.Fn SET_PRINT = Native.bpf("libbpf_set_print");
    }

    private LibbpfLog() {}

    /** The logger libbpf's lines go to. */
    public static Logger logger() {
        return Jul.LOGGER;
    }

    /** Whether {@code -v} asked for libbpf's debug output (and the start-up breakdown). */
    public static boolean verbose() {
        return verbose;
    }

    /** Prints libbpf's debug output too, or only its warnings and notes (the default), to stderr. */
    public static synchronized void setVerbose(boolean verbose) {
        LibbpfLog.verbose = verbose;
        if (verbose || loggerCreated) logger().setLevel(verbose ? Level.ALL : Level.INFO);
        if (verbose) {
            quiet = false;
            if (routed) install(); // else libbpf's first use routes its lines here
        }
    }

    /**
     * The loaded libbpf's version, "major.minor".
     *
     * @throws IllegalStateException saying what to install when libbpf is missing or older than 1.4
     */
    public static String libbpfVersion() {
        return Libbpf.version();
    }

    /**
     * Until {@link #startLogging()}, libbpf prints nothing and keeps no lines: a start that
     * goes well never links the log's upcall, whose classes cost an interpreted start under
     * emulation more than a tenth of a second. Whoever asks for this redoes a failed step
     * after {@link #startLogging()}, so its error still carries libbpf's reason. Takes effect
     * only before libbpf's first use.
     */
    public static synchronized void quietUntilFailure() {
        quiet = true;
    }

    /** Routes libbpf's lines here from now on; true if they were off ({@link #quietUntilFailure()}). */
    public static synchronized boolean startLogging() {
        boolean wasQuiet = quiet && !installed;
        quiet = false;
        install();
        return wasQuiet;
    }

    /** At libbpf's first use: its lines come here, or nowhere while quiet. */
    static synchronized void route() {
        routed = true;
        if (quiet) Native.call(Fns.SET_PRINT, 0L); // NULL: libbpf prints nothing
        else install();
    }

    private static synchronized void install() {
        if (installed) return;
        try {
            MethodHandle target = MethodHandles.lookup().findStatic(LibbpfLog.class, "print",
                    MethodType.methodType(int.class, int.class, MemorySegment.class, MemorySegment.class));
            MemorySegment stub = Native.LINKER.upcallStub(target, FunctionDescriptor.of(INT, INT, PTR, PTR), Arena.global());
            Native.call(Fns.SET_PRINT, stub.address()); // returns the default printer, not needed
            installed = true;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Forgets this thread's recent lines, so the next failure reports only its own. */
    static void clearRecent() {
        RECENT.get().clear();
    }

    /** This thread's last {@code n} libbpf lines, oldest first. */
    static List<String> recentLines(int n) {
        ArrayDeque<String> lines = RECENT.get();
        List<String> all = new ArrayList<>(lines);
        return all.subList(Math.max(0, all.size() - n), all.size());
    }

    /** The upcall; must never throw (an exception escaping an upcall kills the JVM). */
    private static int print(int level, MemorySegment format, MemorySegment vaList) {
        try {
            // Debug lines (hundreds per object) are dropped unformatted without -v, as the C
            // loaders do: formatting each costs an interpreted start dearly. A failure's tail
            // keeps what matters, libbpf's warnings and the verifier's log.
            if (level > LEVEL_INFO && !verbose) return 0;
            String text = format(format, vaList);
            ArrayDeque<String> recent = RECENT.get();
            for (String line : text.split("\n")) {
                if (line.isBlank()) continue;
                if (recent.size() == KEEP) recent.removeFirst();
                recent.addLast(line);
            }
            Level julLevel = level == LEVEL_WARN ? Level.WARNING : level == LEVEL_INFO ? Level.INFO : Level.FINE;
            Logger logger = logger();
            if (logger.isLoggable(julLevel)) logger.log(julLevel, text.stripTrailing());
            return text.length();
        } catch (Throwable t) {
            return 0;
        }
    }

    private static String format(MemorySegment format, MemorySegment vaList) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment original = vaList.reinterpret(VA_LIST_SIZE);
            MemorySegment copy = arena.allocate(VA_LIST_SIZE, 8);
            copy.copyFrom(original);
            long size = 1024;
            MemorySegment buf = arena.allocate(size);
            int n = (int) Native.call(Fns.VSNPRINTF, buf.address(), size, format.address(), copy.address());
            if (n >= size) { // too long: retry with a fresh copy of the va_list and a big enough buffer
                size = n + 1L;
                buf = arena.allocate(size);
                copy.copyFrom(original);
                n = (int) Native.call(Fns.VSNPRINTF, buf.address(), size, format.address(), copy.address());
            }
            return n < 0 ? "" : buf.getString(0);
        }
    }

    private static Handler stderrHandler() {
        ConsoleHandler handler = new ConsoleHandler(); // writes to System.err
        handler.setLevel(Level.ALL);
        handler.setFormatter(new SimpleFormatter() {
            @Override
            public String format(java.util.logging.LogRecord r) {
                return r.getMessage() + System.lineSeparator();
            }
        });
        return handler;
    }
}
