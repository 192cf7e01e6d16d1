package dk.sagsbro.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Brings a gateway to its steady state before it is measured: the JIT compilers of a gateway this size keep a core
 * busy for minutes after the first packets (on two cores, still a quarter of the gateway's CPU after 12,000 packets),
 * so a short warm-up measures the compilers as much as the gateway. Rounds of packets are sent until, over one
 * round, the compiler threads used less than a set share of the gateway's CPU, or a round limit is reached; every
 * round's figures are printed, the first being the cold gateway's. The share does not fall steadily: on two cores it
 * went between 9% and 25% from round to round up to about the 30th and only then stayed under 5%, so a threshold of
 * 12% stopped on a lucky round while the compilers still had seconds of work ahead.
 *
 * <p>{@code bench.warmup=steady} (the default) warms up in rounds of {@code bench.warmup.round} packets (1,000) until
 * the compilers' share is under {@code bench.warmup.jit-share} (0.05) or after {@code bench.warmup.max-rounds} (40);
 * {@code bench.warmup=N} sends one round of N packets and stops, as the benchmarks did before.
 */
final class WarmUp {
    /** One round: makes its packets (not timed), then returns the sending of them (timed). */
    interface Round {
        Sending prepare(int packets) throws Exception;
    }

    interface Sending {
        void send() throws Exception;
    }

    private WarmUp() {
    }

    static void run(String what, long pid, int fallbackPackets, Round round) throws Exception {
        String setting = System.getProperty("bench.warmup", "steady").trim();
        if (!setting.equals("steady")) {
            int packets = setting.isEmpty() ? fallbackPackets : Integer.parseInt(setting);
            if (packets > 0) {
                round.prepare(packets).send();
            }
            return;
        }
        int roundPackets = Integer.getInteger("bench.warmup.round", 1000);
        int maxRounds = Integer.getInteger("bench.warmup.max-rounds", 40);
        double settledShare = Double.parseDouble(System.getProperty("bench.warmup.jit-share", "0.05"));
        for (int i = 1; i <= maxRounds; i++) {
            Sending sending = round.prepare(roundPackets);
            double cpuBefore = IntakeBenchmark.cpuSeconds(pid);
            double compilersBefore = compilerSeconds(pid);
            long start = System.nanoTime();
            sending.send();
            int sent = roundPackets;
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = IntakeBenchmark.cpuSeconds(pid) - cpuBefore;
            double share = cpu > 0 ? (compilerSeconds(pid) - compilersBefore) / cpu : 0;
            System.out.printf(Locale.ROOT, "  warm-up %s round %d: %.1f/s, gateway CPU %.1f ms each, %.0f%% of it the "
                    + "JIT compilers%n", what, i, sent / seconds, cpu * 1000 / sent, share * 100);
            if (share < settledShare) {
                return;
            }
        }
        System.out.printf(Locale.ROOT, "  warm-up %s: the JIT compilers had not settled under %.0f%% after %d "
                + "rounds; measuring anyway%n", what, settledShare * 100, maxRounds);
    }

    /** CPU seconds the process's JIT compiler threads have used (Linux: their names in /proc). */
    static double compilerSeconds(long pid) {
        double seconds = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        seconds += IntakeBenchmark.cpuSecondsIn(stat);
                    }
                } catch (IOException threadEnded) {
                    // a compiler thread that ended between the listing and the read
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return seconds;
    }
}
