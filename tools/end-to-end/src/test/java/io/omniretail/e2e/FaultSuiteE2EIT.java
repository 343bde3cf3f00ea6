package io.omniretail.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.omniretail.testing.TestStack;

/**
 * The fault suite: a bounded load of fresh Shopify orders, refunds of some of them and POS sales goes through the
 * running system while one component at a time is killed with SIGKILL and restarted with the project's own scripts
 * (tools/services.sh up, tools/stack/stack.sh up). Then every acknowledged input is reconciled against every
 * effect in the service databases: one profile per person, one points entry per order and per reversal, at most
 * one welcome coupon per customer, one thank-you per purchase, one return case per refund; nothing lost, nothing
 * twice. An input the system did not acknowledge (the edge was down, the POS database refused the commit) is sent,
 * not acknowledged, and owes nothing.
 * <p>
 * -Dfaults=a,b,... (default customer-360,kafka,postgres), -Dfaults.orders (per fault, default 24), -Dfaults.rate
 * (orders per second, default 8), -Dreliability.report=FILE appends the table to FILE (make test-faults).
 */
class FaultSuiteE2EIT {

    static final List<String> FAULTS = List.of(System.getProperty("faults", "customer-360,kafka,postgres").split(","));
    static final int ORDERS = Integer.getInteger("faults.orders", 24);
    static final int RATE = Integer.getInteger("faults.rate", 8);
    static final Duration SETTLE = Duration.ofSeconds(Long.getLong("faults.settle-seconds", 180));
    static final List<String> SERVICES = List.of("touchpoint-ingestion", "customer-360", "orchestration", "loyalty",
            "promotions", "notifications", "returns");
    static final Path REPO = Path.of("../..").toAbsolutePath().normalize();

    record Input(String kind, String id, String identity, String orderId) {
    }

    /** missing names each input still lacking an effect at the end, and which; a failing run shows it in its message. */
    record Row(String fault, int sent, int acknowledged, int effects, int duplicated, long recoverySeconds,
            int manualSteps, long slowestAnswerMillis, List<String> problems, List<String> missing) {
        int lost() {
            return missing.size();
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    /** The slowest webhook answer of the current fault (acknowledged or not): Shopify gives up after 5 s. */
    private final AtomicLong slowestAnswer = new AtomicLong();

    @Test
    void everyAcknowledgedInputHasExactlyItsEffectsAfterEachFault() throws Exception {
        List<Row> rows = new ArrayList<>();
        for (String fault : FAULTS) {
            rows.add(run(fault.trim()));
        }
        String table = table(rows);
        System.out.println(table);
        String report = System.getProperty("reliability.report");
        if (report != null) {
            Files.writeString(Path.of(report), "\n### Faults under load (FaultSuiteE2EIT)\n\n" + table, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.problems()).as(row.fault() + " problems").isEmpty();
            assertThat(row.lost()).as(row.fault() + " lost: " + row.missing()).isZero();
            assertThat(row.duplicated()).as(row.fault() + " duplicated").isZero();
            assertThat(row.manualSteps()).as(row.fault() + " manual steps").isZero();
        });
    }

    Row run(String fault) throws Exception {
        slowestAnswer.set(0);
        List<Input> sent = new CopyOnWriteArrayList<>();
        List<Input> acknowledged = new CopyOnWriteArrayList<>();
        AtomicLong killedAt = new AtomicLong();
        int[] manualSteps = {0};
        Thread chaos = Thread.ofPlatform().name("chaos-" + fault).start(() -> {
            sleep(Duration.ofMillis(ORDERS * 1000L / RATE / 3));
            killedAt.set(System.nanoTime());
            kill(fault);
            sleep(Duration.ofSeconds(1));
            for (int attempt = 0; attempt < 3 && !restart(fault); attempt++) {
                manualSteps[0]++; // the project's script did not bring it back by itself
            }
        });
        long interval = 1_000_000_000L / RATE;
        long start = System.nanoTime();
        for (int i = 0; i < ORDERS; i++) {
            long due = start + i * interval;
            sleep(Duration.ofNanos(Math.max(0, due - System.nanoTime())));
            String n = Long.toString(ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L));
            Input order = new Input("order", "61" + n + "001", "fault." + n + "@example.jp", "61" + n + "001");
            sent.add(order);
            if (postWebhook("orders/create", ShopifySamples.order(n, order.id(), order.identity()))) {
                acknowledged.add(order);
                if (i % 4 == 1) {
                    Input refund = new Input("refund", "10" + n + "005", null, order.id());
                    sent.add(refund);
                    if (postWebhook("refunds/create", ShopifySamples.refund(order.id(), refund.id()))) {
                        acknowledged.add(refund);
                    }
                }
            }
            if (i % 3 == 2) {
                String card = "47" + n + "000";
                Input sale = new Input("pos-sale", null, card, null);
                sent.add(sale);
                String saleId = posSale(card, "pos." + n + "@example.jp", n);
                if (saleId != null) {
                    acknowledged.add(new Input("pos-sale", saleId, card, "pos-sale:" + saleId));
                }
            }
        }
        chaos.join();
        long deadline = System.nanoTime() + SETTLE.toNanos();
        Reconciliation result;
        do {
            sleep(Duration.ofSeconds(2));
            result = reconcile(acknowledged);
        } while (result.lost() > 0 && System.nanoTime() < deadline);
        long recovered = (System.nanoTime() - killedAt.get()) / 1_000_000_000L;
        result.missing().forEach(line -> System.out.printf("fault suite: after %s, %s%n", fault, line));
        List<String> problems = new ArrayList<>(result.problems());
        for (String service : SERVICES) {
            String ready = "http://127.0.0.1:" + (OneShopperAcrossChannelsE2EIT.BASE + SERVICES.indexOf(service) + 1) + "/q/health/ready";
            if (status(ready) != 200) {
                problems.add(service + " not ready after " + fault + ": " + body(ready));
            }
        }
        return new Row(fault, sent.size(), acknowledged.size(), result.effects(), result.duplicated(), recovered,
                manualSteps[0], slowestAnswer.get(), problems, result.missing());
    }

    /** missing names each incomplete input and the effects it lacks, so a failing run says where to look. */
    record Reconciliation(int effects, int duplicated, List<String> problems, List<String> missing) {
        int lost() {
            return missing.size();
        }
    }

    /** Counts each acknowledged input's effects in the service databases. */
    Reconciliation reconcile(List<Input> inputs) throws Exception {
        int effects = 0;
        int duplicated = 0;
        List<String> problems = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> emails = inputs.stream().filter(i -> i.kind().equals("order")).map(Input::identity).toList();
        List<String> cards = inputs.stream().filter(i -> i.kind().equals("pos-sale")).map(Input::identity).toList();
        List<String> purchases = inputs.stream().filter(i -> !i.kind().equals("refund")).map(Input::orderId).toList();
        List<String> refunds = inputs.stream().filter(i -> i.kind().equals("refund")).map(Input::id).toList();
        Map<String, List<String>> owners = new HashMap<>();
        try (Connection db = connect("customer360")) {
            owners.putAll(group(db, "SELECT value, customer_id FROM customer_identifier WHERE type = 'EMAIL' AND value = ANY(?)", emails));
            owners.putAll(group(db, "SELECT value, customer_id FROM customer_identifier WHERE type = 'POS_LOYALTY_CARD' AND value = ANY(?)", cards));
        }
        Map<String, List<String>> earned;
        Map<String, List<String>> reversed;
        try (Connection db = connect("loyalty")) {
            earned = group(db, "SELECT reference, entry_id FROM points_ledger WHERE kind = 'EARN' AND reference = ANY(?)", purchases);
            reversed = group(db, "SELECT reference, entry_id FROM points_ledger WHERE kind = 'REVERSAL' AND reference = ANY(?)", refunds);
        }
        List<String> customers = owners.values().stream().flatMap(List::stream).distinct().toList();
        Map<String, List<String>> coupons;
        try (Connection db = connect("promotions")) {
            coupons = group(db, "SELECT c.customer_id, c.code FROM coupon c JOIN campaign k ON k.campaign_id = c.campaign_id "
                    + "WHERE k.kind = 'WELCOME' AND c.customer_id = ANY(?)", customers);
        }
        Map<String, List<String>> thanks;
        try (Connection db = connect("notifications")) {
            thanks = group(db, "SELECT customer_id, notification_id FROM notification WHERE template_id = 'post-purchase-thank-you' "
                    + "AND customer_id = ANY(?)", customers);
        }
        Map<String, List<String>> cases;
        try (Connection db = connect("returns")) {
            cases = group(db, "SELECT source_refund_id, return_case_id FROM return_case WHERE source_refund_id = ANY(?)", refunds);
        }
        for (Input input : inputs) {
            Map<String, List<String>> expected = new java.util.LinkedHashMap<>();
            if (input.kind().equals("refund")) {
                expected.put("reversal", reversed.getOrDefault(input.id(), List.of()));
                expected.put("return case", cases.getOrDefault(input.id(), List.of()));
            } else {
                List<String> owner = owners.getOrDefault(input.identity(), List.of());
                expected.put("profile", owner);
                expected.put("points", earned.getOrDefault(input.orderId(), List.of()));
                String customer = owner.size() == 1 ? owner.get(0) : null;
                expected.put("thank-you", customer == null ? List.of() : thanks.getOrDefault(customer, List.of()));
                if (input.kind().equals("order")) {
                    expected.put("welcome coupon", customer == null ? List.of() : coupons.getOrDefault(customer, List.of()));
                } else if (customer != null && coupons.getOrDefault(customer, List.of()).size() > 1) {
                    duplicated++;
                    problems.add("more than one welcome coupon for POS customer " + customer);
                }
            }
            List<String> absent = new ArrayList<>();
            for (Map.Entry<String, List<String>> named : expected.entrySet()) {
                List<String> effect = named.getValue();
                if (effect.isEmpty()) {
                    absent.add(named.getKey());
                } else {
                    effects++;
                    if (effect.size() > 1) {
                        duplicated++;
                        problems.add(input.kind() + " " + (input.id() == null ? input.identity() : input.id()) + ": " + effect.size() + " of one effect");
                    }
                }
            }
            if (!absent.isEmpty()) {
                missing.add(input + " lacks " + absent);
            }
        }
        return new Reconciliation(effects, duplicated, problems, missing);
    }

    static Map<String, List<String>> group(Connection db, String sql, List<String> keys) throws Exception {
        Map<String, List<String>> grouped = new HashMap<>();
        try (PreparedStatement query = db.prepareStatement(sql)) {
            Array array = db.createArrayOf("text", keys.toArray());
            query.setArray(1, array);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    grouped.computeIfAbsent(rows.getString(1), key -> new ArrayList<>()).add(rows.getString(2));
                }
            }
        }
        return grouped;
    }

    static Connection connect(String database) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", database.equals("customer360") ? "customer360" : database);
        properties.setProperty("password", TestStack.postgresPassword());
        properties.setProperty("connectTimeout", "3");
        properties.setProperty("socketTimeout", "10");
        return DriverManager.getConnection(TestStack.jdbcUrl(database), properties);
    }

    // ------------------------------------------------------------------ faults

    void kill(String fault) {
        String pid = SERVICES.contains(fault) ? read(stackHome().resolve("run/service-" + fault + ".pid")) : stackPid(fault);
        assertThat(pid).as("pid of " + fault).isNotBlank();
        exec(Duration.ofSeconds(10), "kill", "-9", pid.trim());
        System.out.printf("fault suite: killed %s (pid %s)%n", fault, pid.trim());
    }

    /** The project's own script brings it back; true when it did. */
    boolean restart(String fault) {
        String script = SERVICES.contains(fault) ? "tools/services.sh" : "tools/stack/stack.sh";
        int exit = exec(Duration.ofMinutes(3), script, "up");
        System.out.printf("fault suite: %s up after killing %s: exit %d%n", script, fault, exit);
        return exit == 0;
    }

    static String stackPid(String component) {
        StringBuilder out = new StringBuilder();
        execInto(out, Duration.ofSeconds(30), "tools/stack/stack.sh", "status");
        return out.toString().lines().filter(line -> line.startsWith(component + " ")).map(line -> line.trim().split("\\s+")[2])
                .findFirst().orElse("");
    }

    static Path stackHome() {
        String home = System.getenv("STACK_HOME");
        return home != null ? Path.of(home) : REPO.resolve(".stack");
    }

    static int exec(Duration timeout, String... command) {
        return execInto(null, timeout, command);
    }

    static int execInto(StringBuilder out, Duration timeout, String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (out != null) {
                out.append(output);
            }
            if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            if (process.exitValue() != 0) {
                System.out.println(output);
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    // ------------------------------------------------------------------ inputs

    boolean postWebhook(String topic, String body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(OneShopperAcrossChannelsE2EIT.service(1) + "/webhooks/shopify"))
                    .timeout(Duration.ofSeconds(6))
                    .header("X-Shopify-Topic", topic).header("X-Shopify-Shop-Domain", "demo-shop.myshopify.com")
                    .header("X-Shopify-Hmac-Sha256", ShopifySamples.sign(body.getBytes(StandardCharsets.UTF_8)))
                    .header("X-Shopify-Webhook-Id", UUID.randomUUID().toString()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            long start = System.nanoTime();
            try {
                return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } finally {
                slowestAnswer.accumulateAndGet((System.nanoTime() - start) / 1_000_000, Math::max);
            }
        } catch (IOException e) {
            return false; // the edge is down or did not answer: not acknowledged
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One sale with one line for a new loyalty card holder, in one POS transaction; the sale id once committed. */
    static String posSale(String card, String email, String n) {
        try (Connection pos = connect("pos")) {
            try (PreparedStatement customer = pos.prepareStatement("""
                    INSERT INTO customers (loyalty_card_no, phone, email, first_name, last_name, locale, marketing_opt_in)
                    VALUES (?, NULL, ?, 'Fault', 'Suite', 'ja-JP', false)""")) {
                customer.setString(1, card);
                customer.setString(2, email);
                customer.executeUpdate();
            }
            pos.setAutoCommit(false);
            long saleId;
            try (PreparedStatement sale = pos.prepareStatement("""
                    INSERT INTO sales (store_id, customer_id, loyalty_card_no, receipt_no, total, currency, sold_at)
                    SELECT 'store-042', customer_id, loyalty_card_no, ?, 3000.00, 'JPY', now() FROM customers
                    WHERE loyalty_card_no = ? RETURNING sale_id""")) {
                sale.setString(1, "FAULT-" + n);
                sale.setString(2, card);
                try (ResultSet rs = sale.executeQuery()) {
                    rs.next();
                    saleId = rs.getLong(1);
                }
            }
            try (PreparedStatement line = pos.prepareStatement("""
                    INSERT INTO sale_lines (sale_id, line_no, sku, title, quantity, unit_price, amount)
                    VALUES (?, 1, 'TEE-ORG-WHT-M', 'Organic tee', 2, 1500.00, 3000.00)""")) {
                line.setLong(1, saleId);
                line.executeUpdate();
            }
            pos.commit();
            return Long.toString(saleId);
        } catch (Exception e) {
            return null; // the POS database refused or was down: the sale did not happen
        }
    }

    String body(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return e.toString();
        }
    }

    int status(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    static String table(List<Row> rows) {
        StringBuilder out = new StringBuilder("| fault (kill -9, then restarted by the project's script) | sent | acknowledged | effects "
                + "| lost | duplicated | recovery s | manual steps | slowest webhook answer ms |\n|---|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            out.append("| ").append(row.fault()).append(" | ").append(row.sent()).append(" | ").append(row.acknowledged())
                    .append(" | ").append(row.effects()).append(" | ").append(row.lost()).append(" | ").append(row.duplicated())
                    .append(" | ").append(row.recoverySeconds()).append(" | ").append(row.manualSteps()).append(" | ")
                    .append(row.slowestAnswerMillis()).append(" |\n");
        }
        return out.toString();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
