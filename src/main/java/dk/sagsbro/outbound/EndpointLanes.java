package dk.sagsbro.outbound;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Outgoing work kept apart per endpoint, so that one bad receiver delays no other: each endpoint's items of a round
 * run in their own lane, lanes run side by side (at most {@code lanes} at once), and a round waits for its lanes
 * only up to {@code roundBudget}. A lane still busy after that goes on by itself, and its endpoint gets no new work
 * in this instance until it is done; its other items are claimed again later. Within a lane, up to
 * {@code perEndpoint} items are sent at once: one at a time, a receiver's throughput would be one over its latency.
 */
public final class EndpointLanes {
    private static final System.Logger LOG = System.getLogger(EndpointLanes.class.getName());
    private final ExecutorService pool;
    private final int perEndpoint;
    private final Duration roundBudget;
    private final Set<URI> busy = ConcurrentHashMap.newKeySet();

    /**
     * @param lanes       how many endpoints are served at once
     * @param perEndpoint how many items of one endpoint are sent at once
     */
    public EndpointLanes(String name, int lanes, int perEndpoint, Duration roundBudget) {
        if (lanes < 1 || perEndpoint < 1) {
            throw new IllegalArgumentException("outgoing " + name + " needs at least one lane of at least one item "
                    + "at once, not " + lanes + " lanes of " + perEndpoint);
        }
        AtomicInteger number = new AtomicInteger();
        this.perEndpoint = perEndpoint;
        // every lane can have all its items in flight, so a busy endpoint never takes another's threads
        this.pool = Executors.newFixedThreadPool(lanes * perEndpoint, task -> {
            Thread thread = new Thread(task, name + "-lane-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.roundBudget = roundBudget;
    }

    /** The endpoints whose lane is still busy: claim no work for them now. */
    public Set<URI> busy() {
        return Set.copyOf(busy);
    }

    /**
     * Runs {@code work} for every item, one lane per endpoint, at most {@code perEndpoint} items of one endpoint at
     * once.
     *
     * @return the sum of what {@code work} returned for the items whose lane finished within the round budget
     */
    public <T> int run(List<T> items, Function<T, URI> endpoint, ToIntFunction<T> work) {
        Map<URI, List<T>> byEndpoint = new LinkedHashMap<>();
        for (T item : items) {
            byEndpoint.computeIfAbsent(endpoint.apply(item), e -> new ArrayList<>()).add(item);
        }
        List<Future<Integer>> lanes = new ArrayList<>();
        for (Map.Entry<URI, List<T>> lane : byEndpoint.entrySet()) {
            if (!busy.add(lane.getKey())) {
                continue; // claimed while the lane was busy: the lease returns these items later
            }
            Queue<T> waiting = new ConcurrentLinkedQueue<>(lane.getValue());
            int senders = Math.min(perEndpoint, waiting.size());
            AtomicInteger sending = new AtomicInteger(senders);
            for (int i = 0; i < senders; i++) {
                lanes.add(pool.submit(() -> {
                    try {
                        int total = 0;
                        for (T item = waiting.poll(); item != null; item = waiting.poll()) {
                            total += work.applyAsInt(item);
                        }
                        return total;
                    } catch (RuntimeException e) {
                        // a lane that outlived its round has nobody waiting for it: say what failed
                        LOG.log(System.Logger.Level.ERROR, "outgoing work for " + lane.getKey() + " failed", e);
                        throw e;
                    } finally {
                        if (sending.decrementAndGet() == 0) {
                            busy.remove(lane.getKey());
                        }
                    }
                }));
            }
        }
        long until = System.nanoTime() + roundBudget.toNanos();
        int total = 0;
        for (Future<Integer> lane : lanes) {
            try {
                total += lane.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException stillBusy) {
                // goes on in its lane; its endpoint stays busy until it is done
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("an outgoing lane failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return total;
    }
}
