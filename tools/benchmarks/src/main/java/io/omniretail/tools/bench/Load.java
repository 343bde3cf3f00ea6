package io.omniretail.tools.bench;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** Closed-loop (for the peak) and open-loop (for latency, without coordinated omission) HTTP load. */
final class Load {

    private Load() {
    }

    /** What one phase measured; latencies in microseconds. */
    record Result(long ok, long failed, double seconds, Histogram latency) {
        double rate() {
            return ok / seconds;
        }

        double millis(double percentile) {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1000.0;
        }

        double maxMillis() {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1000.0;
        }
    }

    /** {@code users} senders, each posting its next request as soon as the previous one is answered. */
    static Result closed(WebhookClient client, int users, Duration duration, LongFunction<WebhookClient.Request> requests)
            throws InterruptedException {
        Recorder latency = new Recorder(3);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong sequence = new AtomicLong();
        CountDownLatch finished = new CountDownLatch(users);
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        for (int u = 0; u < users; u++) {
            new Object() {
                void next() {
                    long sentAt = System.nanoTime();
                    if (sentAt >= deadline) {
                        finished.countDown();
                        return;
                    }
                    client.post(requests.apply(sequence.getAndIncrement())).thenAccept(status -> {
                        latency.recordValue(Math.max(1, (System.nanoTime() - sentAt) / 1_000));
                        (status == 200 ? ok : failed).incrementAndGet();
                        next();
                    });
                }
            }.next();
        }
        finished.await();
        return new Result(ok.get(), failed.get(), (System.nanoTime() - start) / 1e9, latency.getIntervalHistogram());
    }

    /** Called at each intended send time with the request number and that time (System.nanoTime). */
    interface Sender {
        void send(long n, long intendedNanos);
    }

    /**
     * Calls {@code sender} {@code rate} times a second for {@code duration}, on a fixed schedule that does not wait
     * for answers: a late sender catches up at once, so latency measured from the intended time includes any queueing.
     * Returns how many were sent.
     */
    static long open(double rate, Duration duration, Sender sender) {
        long start = System.nanoTime();
        long total = (long) (rate * duration.toNanos() / 1e9);
        double period = 1e9 / rate;
        long n = 0;
        while (n < total) {
            long intended = start + (long) (n * period);
            long now = System.nanoTime();
            if (now < intended) {
                LockSupport.parkNanos(intended - now);
                continue;
            }
            sender.send(n, intended);
            n++;
        }
        return n;
    }
}
