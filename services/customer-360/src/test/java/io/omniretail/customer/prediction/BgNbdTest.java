package io.omniretail.customer.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.omniretail.customer.prediction.BgNbd.Fit;
import io.omniretail.customer.prediction.BgNbd.History;
import io.omniretail.customer.prediction.BgNbd.Parameters;

/**
 * BG/NBD against the paper's own table: the CDNOW sample (2,357 customers; src/test/resources/cdnow/SOURCES.md), a
 * 39-week calibration from 1997-01-01 to 1997-09-30, a purchase day counted once. Fader, Hardie & Lee (2005) report
 * r = 0.243, alpha = 4.414, a = 0.793, b = 2.426 and a log-likelihood of -9582.4.
 */
class BgNbdTest {

    static final LocalDate CALIBRATION_END = LocalDate.of(1997, 9, 30);
    static List<History> cdnow;

    @BeforeAll
    static void readCdnow() throws Exception {
        Map<String, TreeSet<LocalDate>> days = new TreeMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                BgNbdTest.class.getResourceAsStream("/cdnow/CDNOW_sample.txt"), StandardCharsets.US_ASCII))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.trim().split("\\s+");
                LocalDate day = LocalDate.parse(f[2], DateTimeFormatter.BASIC_ISO_DATE);
                days.computeIfAbsent(f[1], id -> new TreeSet<>()).add(day);
            }
        }
        cdnow = new ArrayList<>();
        days.values().forEach(bought -> {
            LocalDate first = bought.first();
            List<LocalDate> calibration = bought.stream().filter(d -> !d.isAfter(CALIBRATION_END)).toList();
            LocalDate last = calibration.get(calibration.size() - 1);
            cdnow.add(new History(calibration.size() - 1, ChronoUnit.DAYS.between(first, last) / 7.0,
                    ChronoUnit.DAYS.between(first, CALIBRATION_END) / 7.0));
        });
    }

    @Test
    void theSampleIsThePapersCohort() {
        assertThat(cdnow).hasSize(2357);
    }

    @Test
    void theFitReproducesThePapersEstimatesAndLogLikelihood() {
        Fit fit = BgNbd.fit(cdnow);
        Parameters p = fit.parameters();
        assertThat(p.r()).isCloseTo(0.243, within(0.001));
        assertThat(p.alpha()).isCloseTo(4.414, within(0.01));
        assertThat(p.a()).isCloseTo(0.793, within(0.005));
        assertThat(p.b()).isCloseTo(2.426, within(0.02));
        assertThat(fit.logLikelihood()).isCloseTo(-9582.4, within(0.1));
    }

    @Test
    void thePapersParametersScoreThePapersLogLikelihood() {
        assertThat(BgNbd.logLikelihood(new Parameters(0.243, 4.414, 0.793, 2.426), cdnow)).isCloseTo(-9582.4, within(0.5));
    }

    @Test
    void theConditionalForecastIsThePapersWorkedExample() {
        // section 5 of the paper: 2 repeat purchases, the last at week 30.43, observed 38.86 weeks; next 39 weeks: 1.226
        Parameters p = new Parameters(0.243, 4.414, 0.793, 2.426);
        assertThat(BgNbd.expectedPurchases(p, new History(2, 30.43, 38.86), 39)).isCloseTo(1.226, within(0.001));
        assertThat(BgNbd.expectedPurchases(p, new History(2, 30.43, 38.86), 0)).isZero();
        assertThat(BgNbd.expectedPurchases(p, new History(2, 5, 38.86), 39)).as("the same purchases long ago")
                .isLessThan(BgNbd.expectedPurchases(p, new History(2, 30.43, 38.86), 39));
    }

    @Test
    void theSeriesAgreesWithClosedFormsOfTheHypergeometricFunction() {
        // 2F1(1, 1; 2; z) = -ln(1 - z) / z, and 2F1(a, b; b; z) = (1 - z)^-a
        assertThat(BgNbd.hypergeometric2F1(1, 1, 2, 0.5)).isCloseTo(-Math.log(0.5) / 0.5, within(1e-12));
        assertThat(BgNbd.hypergeometric2F1(2.5, 3, 3, 0.3)).isCloseTo(Math.pow(0.7, -2.5), within(1e-12));
    }

    @Test
    void aCustomerWhoStoppedBuyingLongAgoIsLessLikelyAliveThanOneWhoBoughtLately() {
        Parameters p = new Parameters(0.243, 4.414, 0.793, 2.426);
        double lapsed = BgNbd.probabilityAlive(p, new History(4, 5, 39));
        double recent = BgNbd.probabilityAlive(p, new History(4, 38, 39));
        assertThat(lapsed).isBetween(0.0, 1.0).isLessThan(recent);
        assertThat(BgNbd.probabilityAlive(p, new History(0, 0, 39))).as("no repeat purchase: never seen to drop out").isEqualTo(1.0);
    }
}
