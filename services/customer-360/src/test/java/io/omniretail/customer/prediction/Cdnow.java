package io.omniretail.customer.prediction;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The CDNOW sample the papers use (2,357 customers; src/test/resources/cdnow/SOURCES.md) as the papers read it: a
 * customer's purchases on one day are one transaction (their dollars added up), the first is the trial, the 39-week
 * calibration runs to 1997-09-30 and the holdout is the 39 weeks after.
 */
final class Cdnow {

    static final LocalDate CALIBRATION_END = LocalDate.of(1997, 9, 30);
    static final LocalDate HOLDOUT_END = CALIBRATION_END.plusWeeks(39);

    /** One customer's calibration history in weeks, their repeat purchases' mean value and holdout purchases. */
    record Customer(BgNbd.History history, double meanRepeatValue, int holdoutPurchases) {
    }

    static final List<Customer> CUSTOMERS = read();

    private Cdnow() {
    }

    static List<BgNbd.History> histories() {
        return CUSTOMERS.stream().map(Customer::history).toList();
    }

    /** Customers with a repeat purchase in the calibration period, as Gamma-Gamma is fitted (946 in the paper). */
    static List<GammaGamma.Spend> spends() {
        return CUSTOMERS.stream().filter(c -> c.history().x() > 0)
                .map(c -> new GammaGamma.Spend(c.history().x(), c.meanRepeatValue())).toList();
    }

    private static List<Customer> read() {
        Map<String, SortedMap<LocalDate, Double>> days = new TreeMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                Cdnow.class.getResourceAsStream("/cdnow/CDNOW_sample.txt"), StandardCharsets.US_ASCII))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.trim().split("\\s+");
                days.computeIfAbsent(f[1], id -> new TreeMap<>())
                        .merge(LocalDate.parse(f[2], DateTimeFormatter.BASIC_ISO_DATE), Double.parseDouble(f[4]), Double::sum);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Customer> customers = new ArrayList<>();
        days.values().forEach(bought -> {
            LocalDate first = bought.firstKey();
            SortedMap<LocalDate, Double> calibration = bought.headMap(CALIBRATION_END.plusDays(1));
            int holdout = bought.subMap(CALIBRATION_END.plusDays(1), HOLDOUT_END.plusDays(1)).size();
            double repeatDollars = calibration.tailMap(first.plusDays(1)).values().stream().mapToDouble(Double::doubleValue).sum();
            int x = calibration.size() - 1;
            customers.add(new Customer(new BgNbd.History(x, ChronoUnit.DAYS.between(first, calibration.lastKey()) / 7.0,
                    ChronoUnit.DAYS.between(first, CALIBRATION_END) / 7.0), x == 0 ? 0 : repeatDollars / x, holdout));
        });
        return customers;
    }
}
