package dk.sagsbro.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where a gateway's CPU went, from async-profiler's collapsed stacks (bench/profile-cpu.sh): by thread, by part of the
 * intake, and how much of it the kernel. Unlike the flight recorder's samples, these count only time on a CPU, and
 * include native code, the kernel, the JIT compilers and the collector.
 *
 * <p>Usage: {@code CpuProfileSummary <collapsed file>}; the file's lines are
 * {@code [thread tid=N];frame;frame;... count}.
 */
public final class CpuProfileSummary {
    /**
     * The parts: a sample belongs to the part of the frame nearest its leaf that names one (a digest inside the
     * container scan is the scan's); the layers around everything (RESTEasy, Camel, the gateway's own classes) take a
     * sample only when no part does.
     */
    private static final Map<String, String> PARTS = new LinkedHashMap<>();
    private static final Map<String, String> LAYERS = new LinkedHashMap<>();

    static {
        PARTS.put("dk/sagsbro/storage/", "payload store (files, fsync, encryption at rest)");
        PARTS.put("dk/sagsbro/packet/ContainerScanner", "container scan (inflate, digests, names)");
        PARTS.put("dk/sagsbro/signature/CmsSignatureVerifier", "packet signature check");
        PARTS.put("dk/sagsbro/signature/CmsSigner", "receipt signature");
        PARTS.put("dk/sagsbro/packet/AsicManifestParser", "manifest XML");
        PARTS.put("dk/sagsbro/metadata/CaseMetadataReader", "case.json and its schema");
        PARTS.put("org/postgresql/", "database (statements, commit)");
        PARTS.put("dk/sagsbro/jdbc/", "database (statements, commit)");
        PARTS.put("io/agroal/", "database (statements, commit)");
        PARTS.put("io/netty/handler/ssl/", "TLS");
        // the end-to-end run's pushes (the JDK's HTTP client and TLS) and the acknowledgements they bring back
        PARTS.put("sun/security/ssl/", "TLS of the pushes (the JDK's)");
        PARTS.put("jdk/internal/net/http/", "pushes' HTTP client (the JDK's)");
        PARTS.put("dk/sagsbro/delivery/", "push delivery, other");
        PARTS.put("dk/sagsbro/acknowledgement/", "acknowledgements, other");
        PARTS.put("io/netty/handler/codec/http2/", "HTTP/2");
        LAYERS.put("dk/sagsbro/", "gateway, other");
        LAYERS.put("org/apache/camel/", "Camel");
        LAYERS.put("org/jboss/resteasy/", "RESTEasy");
        LAYERS.put("io/vertx/", "Vert.x and Netty, other");
        LAYERS.put("io/netty/", "Vert.x and Netty, other");
    }

    private CpuProfileSummary() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, Long> threads = new LinkedHashMap<>();
        Map<String, Long> parts = new LinkedHashMap<>();
        long total = 0;
        long kernel = 0;
        try (Stream<String> lines = Files.lines(Path.of(args[0]))) {
            for (String line : (Iterable<String>) lines::iterator) {
                int space = line.lastIndexOf(' ');
                if (space < 0) {
                    continue;
                }
                long samples = Long.parseLong(line.substring(space + 1).trim());
                String stack = line.substring(0, space);
                String thread = threadKind(stack.substring(0, Math.max(0, stack.indexOf(';'))));
                total += samples;
                threads.merge(thread, samples, Long::sum);
                if (stack.endsWith("_[k]")) {
                    kernel += samples;
                }
                if (thread.startsWith("JIT") || thread.startsWith("garbage")) {
                    continue;
                }
                String part = nearestLeaf(stack, PARTS);
                if (part == null) {
                    part = nearestLeaf(stack, LAYERS);
                }
                if (part == null) {
                    part = "other (" + thread + ")";
                }
                parts.merge(part, samples, Long::sum);
            }
        }
        System.out.printf(Locale.ROOT, "%d samples; in the kernel %.1f%%%n", total, 100.0 * kernel / total);
        print("by thread", threads, total);
        print("by part (threads other than the compilers and the collector)", parts, total);
    }

    private static String nearestLeaf(String stack, Map<String, String> parts) {
        String[] frames = stack.split(";");
        for (int i = frames.length - 1; i > 0; i--) {
            for (Map.Entry<String, String> part : parts.entrySet()) {
                if (frames[i].startsWith(part.getKey())) {
                    return part.getValue();
                }
            }
        }
        return null;
    }

    private static String threadKind(String thread) {
        String name = thread.replaceAll("^\\[|\\s*tid=\\d+]$", "");
        if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
            return "JIT compilers";
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
            return "garbage collector";
        }
        for (String kind : List.of("executor-thread", "vert.x-eventloop-thread", "vert.x-worker-thread",
                "payload-writer")) {
            if (name.startsWith(kind)) {
                return kind;
            }
        }
        return name.startsWith("Camel") ? "Camel timers and queues" : "other threads";
    }

    private static void print(String title, Map<String, Long> counts, long total) {
        System.out.println(title + ":");
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> System.out.printf(Locale.ROOT, "  %5.1f%%  %s%n", 100.0 * e.getValue() / total,
                        e.getKey()));
    }
}
