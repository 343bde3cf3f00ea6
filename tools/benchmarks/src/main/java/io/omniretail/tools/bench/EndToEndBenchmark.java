package io.omniretail.tools.bench;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;

import io.omniretail.events.customer.CustomerEvent;
import io.omniretail.events.notification.DispatchMessage;

/**
 * make bench-e2e: the whole chain under open-loop load (the sender keeps a fixed schedule whatever the answers;
 * latency runs from each order's intended send time, so queueing anywhere counts).
 * <ol>
 * <li>Steps of fresh Shopify orders at rising rates: webhook → e-mail dispatch record on
 * retail.notifications.dispatch.email.v1 (through ingestion, customer-360, loyalty and promotions, orchestration's
 * post-purchase journey, notifications), p50/p95/p99/max, and the services' total consumer lag sampled every second.
 * A step is <em>sustained</em> when every accepted order was dispatched within the drain time after sending stopped
 * and the lag did not grow (mean lag of the last third of the step at most twice the first third's plus half a
 * second of orders). The steps stop at the first rate not sustained.</li>
 * <li>A confirmation run at the highest sustained rate for {@code bench.confirm-seconds} (300 by default).</li>
 * <li>POS: sales committed to the POS database (header + two lines per transaction) → the purchase on
 * retail.customers.unified.v1 (Debezium, ingestion's transaction assembly, customer-360), p50/p99.</li>
 * </ol>
 * Each step also reports the CPU time every component used per dispatched order ({@link CpuTime}) and the statements
 * each database ran per dispatched order ({@link Statements}; system properties bench.statements-url and
 * bench.statements-user name the stack's superuser, whose password is POS_PASSWORD's, as tools/stack sets them up).
 * Args: INGESTION_URL (scheme, host and port) BOOTSTRAP REGISTRY_URL POS_JDBC_URL POS_USER POS_PASSWORD SAMPLES_DIR REPORT_FILE STACK_RUN_DIR
 * POSTGRES_DATA_DIR.
 */
public final class EndToEndBenchmark {

    private static CpuTime cpu;
    private static Statements statements;

    static final List<String> GROUPS = List.of("touchpoint-ingestion", "customer-360", "loyalty", "promotions", "orchestration",
            "notifications", "returns");

    record Step(double rate, long sent, long accepted, long dispatched, Histogram latency, double firstThirdLag, double lastThirdLag,
            long maxLag, boolean drained, Map<String, Double> cpuPerOrder, Map<String, Double> statementsPerOrder) {
        boolean sustained() {
            return accepted == sent && drained && lastThirdLag <= 2 * firstThirdLag + rate / 2;
        }

        String row(String label) {
            return String.format("| %s | %,.0f/s | %,d / %,d / %,d | %s | %s | %s | %s | %.0f → %.0f (max %,d) | %s |", label, rate, sent,
                    accepted, dispatched, ms(50), ms(95), ms(99), latency.getTotalCount() == 0 ? "-" : String.format("%.0f", latency.getMaxValue() / 1000.0),
                    firstThirdLag, lastThirdLag, maxLag, sustained() ? "yes" : "**no**");
        }

        private String ms(double percentile) {
            return latency.getTotalCount() == 0 ? "-" : String.format("%.0f", latency.getValueAtPercentile(percentile) / 1000.0);
        }
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String bootstrap = args[1];
        String registry = args[2];
        String posUrl = args[3];
        String posUser = args[4];
        String posPassword = args[5];
        Path samples = Path.of(args[6]);
        Path report = Path.of(args[7]);
        cpu = new CpuTime(Path.of(args[8]), Path.of(args[9]));
        statements = new Statements(System.getProperty("bench.statements-url"), System.getProperty("bench.statements-user"), posPassword);
        double[] rates = Arrays.stream(System.getProperty("bench.rates", "25,50,100,200,300,500,750,1000").split(","))
                .mapToDouble(Double::parseDouble).toArray();
        Duration stepTime = Duration.ofSeconds(Long.getLong("bench.step-seconds", 30));
        Duration confirmTime = Duration.ofSeconds(Long.getLong("bench.confirm-seconds", 300));
        Duration drainTime = Duration.ofSeconds(Long.getLong("bench.drain-seconds", 60));

        ShopifyOrders orders = new ShopifyOrders(samples, System.getProperty("bench.secret", "demo-shop-secret"));
        Map<String, Long> pending = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong sequence = new AtomicLong();
        List<String> rows = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
                WebhookClient client = new WebhookClient(url, 64);
                Kafka.Watch<DispatchMessage> dispatches = new Kafka.Watch<>(bootstrap, registry, "retail.notifications.dispatch.email.v1",
                        dispatch -> {
                            Long intended = pending.remove(dispatch.getRecipient());
                            if (intended != null) {
                                latencies.add(System.nanoTime() - intended);
                            }
                        })) {
            // warm-up: JIT and connection pools of every service (eight JVMs compiling on shared cores), not reported
            run(admin, client, orders, sequence, pending, latencies, 20, Duration.ofSeconds(Long.getLong("bench.warmup-seconds", 90)),
                    Duration.ofMinutes(5));
            double best = 0;
            for (double rate : rates) {
                Step step = run(admin, client, orders, sequence, pending, latencies, rate, stepTime, drainTime);
                rows.add(step.row(stepTime.toSeconds() + " s step"));
                steps.add(step);
                System.out.println(rows.get(rows.size() - 1));
                if (!step.sustained()) {
                    break;
                }
                best = rate;
            }
            if (best > 0 && !confirmTime.isZero()) {
                Step confirm = run(admin, client, orders, sequence, pending, latencies, best, confirmTime, drainTime);
                rows.add(confirm.row("**" + confirmTime.toSeconds() + " s at the highest sustained step**"));
                steps.add(confirm);
                System.out.println(rows.get(rows.size() - 1));
            }
        }
        String pos = posToUnified(bootstrap, registry, posUrl, posUser, posPassword,
                Double.parseDouble(System.getProperty("bench.pos-rate", "20")), Duration.ofSeconds(Long.getLong("bench.pos-seconds", 30)));
        String table = String.join("\n",
                "| run | rate | sent / accepted / dispatched | p50 ms | p95 ms | p99 ms | max ms | consumer lag, first → last third (max) | sustained |",
                "|---|---|---|---|---|---|---|---|---|",
                String.join("\n", rows),
                "",
                cpuTable(steps),
                "",
                statementsTable(steps),
                "",
                pos);
        System.out.println();
        System.out.println(table);
        Files.writeString(report, table + "\n");
        statements.close();
    }

    private static Step run(Admin admin, WebhookClient client, ShopifyOrders orders, AtomicLong sequence, Map<String, Long> pending,
            ConcurrentLinkedQueue<Long> latencies, double rate, Duration duration, Duration drainTime) throws Exception {
        latencies.clear();
        pending.clear();
        AtomicLong accepted = new AtomicLong();
        List<Long> lags = new ArrayList<>();
        Map<String, Double> cpuBefore = cpu.snapshot();
        Map<String, Long> statementsBefore = statements.snapshot();
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    long lag = Kafka.lag(admin, GROUPS);
                    synchronized (lags) {
                        lags.add(lag);
                    }
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // a sample lost to a slow broker; the next one counts
                }
            }
        });
        long sent = Load.open(rate, duration, (n, intended) -> {
            ShopifyOrders.Signed order = orders.order(sequence.getAndIncrement());
            pending.put(order.email(), intended);
            client.post(order.request()).thenAccept(status -> {
                if (status == 200) {
                    accepted.incrementAndGet();
                } else {
                    pending.remove(order.email());
                }
            });
        });
        sampler.interrupt();
        sampler.join();
        long deadline = System.nanoTime() + drainTime.toNanos();
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            IngestBenchmark.sleep(50);
        }
        boolean drained = pending.isEmpty();
        Map<String, Double> cpuPerOrder = CpuTime.perUnit(cpuBefore, cpu.snapshot(), latencies.size());
        Map<String, Double> statementsPerOrder = Statements.perUnit(statementsBefore, statements.snapshot(), latencies.size());
        Histogram histogram = new Histogram(3);
        latencies.forEach(nanos -> histogram.recordValue(Math.max(1, nanos / 1_000)));
        int third = Math.max(1, lags.size() / 3);
        double first = lags.subList(0, Math.min(third, lags.size())).stream().mapToLong(Long::longValue).average().orElse(0);
        double last = lags.subList(Math.max(0, lags.size() - third), lags.size()).stream().mapToLong(Long::longValue).average().orElse(0);
        long maxLag = lags.stream().mapToLong(Long::longValue).max().orElse(0);
        // let the chain settle (journey timers, receipts) before the next step
        IngestBenchmark.sleep(3_000);
        return new Step(rate, sent, accepted.get(), latencies.size(), histogram, first, last, maxLag, drained, cpuPerOrder, statementsPerOrder);
    }

    /** CPU milliseconds per dispatched order, by component (columns) and step (rows). */
    private static String cpuTable(List<Step> steps) {
        if (steps.isEmpty() || steps.get(0).cpuPerOrder().size() <= 1) {
            return "";
        }
        List<String> components = new ArrayList<>(steps.get(0).cpuPerOrder().keySet());
        StringBuilder table = new StringBuilder("CPU milliseconds per dispatched order (user + system, from sending to drained):\n\n| rate | ")
                .append(String.join(" | ", components)).append(" |\n|---|").append("---|".repeat(components.size())).append('\n');
        for (Step step : steps) {
            table.append(String.format("| %,.0f/s |", step.rate()));
            for (String component : components) {
                table.append(String.format(" %.1f |", step.cpuPerOrder().get(component)));
            }
            table.append('\n');
        }
        return table.toString().stripTrailing();
    }

    /** Statements per dispatched order, by database (columns) and step (rows); empty when they could not be counted. */
    private static String statementsTable(List<Step> steps) {
        if (steps.isEmpty() || steps.get(0).statementsPerOrder().isEmpty()) {
            return "";
        }
        List<String> databases = new ArrayList<>(steps.get(0).statementsPerOrder().keySet());
        databases.remove("all");
        databases.add("all");
        StringBuilder table = new StringBuilder("Statements per dispatched order (pg_stat_statements, top level, by database; from sending to drained):\n\n| rate | ")
                .append(String.join(" | ", databases)).append(" |\n|---|").append("---|".repeat(databases.size())).append('\n');
        for (Step step : steps) {
            table.append(String.format("| %,.0f/s |", step.rate()));
            for (String database : databases) {
                table.append(String.format(" %.1f |", step.statementsPerOrder().getOrDefault(database, 0.0)));
            }
            table.append('\n');
        }
        return table.toString().stripTrailing();
    }

    /** Sales committed at {@code rate}/s for {@code duration}; latency from each commit to its purchase on the unified stream. */
    private static String posToUnified(String bootstrap, String registry, String jdbcUrl, String user, String password, double rate,
            Duration duration) throws Exception {
        Map<String, Long> committedAt = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        long sent;
        try (Kafka.Watch<CustomerEvent> unified = new Kafka.Watch<>(bootstrap, registry, "retail.customers.unified.v1", event -> {
            if (event.getPurchase() != null) {
                Long at = committedAt.remove(event.getPurchase().getOrderId());
                if (at != null) {
                    latencies.add(System.nanoTime() - at);
                }
            }
        }); Connection pos = DriverManager.getConnection(jdbcUrl, user, password)) {
            String card = "48" + (System.currentTimeMillis() % 100_000_000_000L);
            try (PreparedStatement customer = pos.prepareStatement("""
                    INSERT INTO customers (loyalty_card_no, email, first_name, last_name, locale, marketing_opt_in)
                    VALUES (?, ?, 'Bench', 'Shopper', 'ja-JP', false)""")) {
                customer.setString(1, card);
                customer.setString(2, "bench.pos." + card + "@example.jp");
                customer.executeUpdate();
            }
            IngestBenchmark.sleep(2_000); // the card's customer row reaches the platform before its sales
            pos.setAutoCommit(false);
            PreparedStatement sale = pos.prepareStatement("""
                    INSERT INTO sales (store_id, customer_id, loyalty_card_no, receipt_no, total, currency, sold_at)
                    SELECT 'store-042', customer_id, loyalty_card_no, 'BENCH-' || clock_timestamp(), 5480.00, 'JPY', now() FROM customers
                    WHERE loyalty_card_no = ? RETURNING sale_id""");
            PreparedStatement line = pos.prepareStatement("""
                    INSERT INTO sale_lines (sale_id, line_no, sku, title, quantity, unit_price, amount) VALUES (?, ?, ?, ?, ?, ?, ?)""");
            sent = Load.open(rate, duration, (n, intended) -> {
                try {
                    sale.setString(1, card);
                    long saleId;
                    try (ResultSet rs = sale.executeQuery()) {
                        rs.next();
                        saleId = rs.getLong(1);
                    }
                    for (int l = 1; l <= 2; l++) {
                        line.setLong(1, saleId);
                        line.setInt(2, l);
                        line.setString(3, l == 1 ? "TSH-ORG-WHT-M" : "CAP-CNV-NVY");
                        line.setString(4, l == 1 ? "Organic cotton T-shirt, white, M" : "Canvas cap, navy");
                        line.setInt(5, l == 1 ? 2 : 1);
                        line.setBigDecimal(6, new BigDecimal(l == 1 ? "1500.00" : "2480.00"));
                        line.setBigDecimal(7, new BigDecimal(l == 1 ? "3000.00" : "2480.00"));
                        line.addBatch();
                    }
                    line.executeBatch();
                    pos.commit();
                    committedAt.put("pos-sale:" + saleId, System.nanoTime());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!committedAt.isEmpty() && System.nanoTime() < deadline) {
                IngestBenchmark.sleep(50);
            }
        }
        Histogram histogram = new Histogram(3);
        latencies.forEach(nanos -> histogram.recordValue(Math.max(1, nanos / 1_000)));
        String line = histogram.getTotalCount() == 0 ? String.format("POS commit → purchase on the unified stream: none of %d sales arrived", sent)
                : String.format("POS commit → purchase on the unified stream (%,.0f sales/s for %d s, %d of %d arrived): p50 %.0f ms, p99 %.0f ms, max %.0f ms",
                        rate, duration.toSeconds(), histogram.getTotalCount(), sent, histogram.getValueAtPercentile(50) / 1000.0,
                        histogram.getValueAtPercentile(99) / 1000.0, histogram.getMaxValue() / 1000.0);
        System.out.println(line);
        return line;
    }
}
