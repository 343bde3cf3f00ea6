package io.omniretail.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.ExponentialDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

import io.omniretail.customer.prediction.BgNbd;
import io.omniretail.customer.prediction.CustomerBaseModel;
import io.omniretail.customer.prediction.GammaGamma;
import io.omniretail.customer.prediction.PurchaseHistory;
import io.omniretail.customer.prediction.Scores;

/**
 * make bench-predictions: the time to fit the customer-base models and score a base of N customers (100k by default),
 * on customer-360's own classes. The base is drawn from the models themselves with CDNOW-like parameters (in days),
 * seeded, so the run also shows how closely the fit recovers the parameters it was drawn from. Several runs; min,
 * median and max of each step. Arguments: customers, runs, the table file to write.
 */
public final class PredictionBenchmark {

    static final BgNbd.Parameters TRUE_BG_NBD = new BgNbd.Parameters(0.243, 4.414 * 7, 0.793, 2.426);
    static final GammaGamma.Parameters TRUE_GAMMA_GAMMA = new GammaGamma.Parameters(6.25, 3.74, 15.44);
    static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    public static void main(String[] args) throws IOException {
        int customers = Integer.parseInt(args[0]);
        int runs = Integer.parseInt(args[1]);
        Path table = Path.of(args[2]);
        List<PurchaseHistory> base = draw(customers, new Well19937c(20261201L));
        List<BgNbd.History> histories = base.stream().map(h -> h.history(NOW)).toList();
        List<GammaGamma.Spend> spends = base.stream().map(PurchaseHistory::spend).filter(s -> s != null).toList();
        long purchaseDays = base.stream().mapToLong(h -> h.repeatPurchases() + 1).sum();
        System.out.printf(Locale.ROOT, "%d customers, %d purchase days, %d repeat buyers%n", customers, purchaseDays, spends.size());

        double[] bgMillis = new double[runs];
        double[] ggMillis = new double[runs];
        double[] scoreMillis = new double[runs];
        BgNbd.Fit bg = null;
        GammaGamma.Fit gg = null;
        for (int run = 0; run < runs; run++) {
            long t0 = System.nanoTime();
            bg = BgNbd.fit(histories);
            long t1 = System.nanoTime();
            gg = GammaGamma.fit(spends);
            long t2 = System.nanoTime();
            CustomerBaseModel model = new CustomerBaseModel(bg.parameters(), gg.parameters(), 12, 0.01, List.of());
            List<Double> values = new ArrayList<>(base.size());
            for (PurchaseHistory h : base) {
                values.add(Scores.of(model, h, NOW).lifetimeValue().doubleValue());
            }
            CustomerBaseModel withDeciles = model.withDecilesOf(values);
            int top = 0;
            for (PurchaseHistory h : base) {
                top += Scores.of(withDeciles, h, NOW).valueDecile() == 10 ? 1 : 0;
            }
            long t3 = System.nanoTime();
            bgMillis[run] = (t1 - t0) / 1e6;
            ggMillis[run] = (t2 - t1) / 1e6;
            scoreMillis[run] = (t3 - t2) / 1e6;
            System.out.printf(Locale.ROOT, "run %d: BG/NBD %.0f ms (%d evaluations), Gamma-Gamma %.0f ms, scoring twice %.0f ms (%d in the top decile)%n",
                    run + 1, bgMillis[run], bg.evaluations(), ggMillis[run], scoreMillis[run], top);
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%,d customers drawn from the models (%,d purchase days, %,d repeat buyers); %d runs, min / median / max:%n%n",
                customers, purchaseDays, spends.size(), runs));
        out.append("| step | min | median | max |\n|---|---|---|---|\n");
        row(out, "BG/NBD fit (Nelder-Mead, " + bg.evaluations() + " evaluations)", bgMillis);
        row(out, "Gamma-Gamma fit (" + gg.evaluations() + " evaluations)", ggMillis);
        row(out, "scoring every customer twice (values, then deciles)", scoreMillis);
        out.append(String.format(Locale.ROOT, "%nParameters recovered (drawn with → fitted): r %.3f → %.3f, α %.2f → %.2f, a %.3f → %.3f, b %.3f → %.3f; "
                        + "p %.2f → %.2f, q %.2f → %.2f, γ %.2f → %.2f.%n",
                TRUE_BG_NBD.r(), bg.parameters().r(), TRUE_BG_NBD.alpha(), bg.parameters().alpha(), TRUE_BG_NBD.a(), bg.parameters().a(),
                TRUE_BG_NBD.b(), bg.parameters().b(), TRUE_GAMMA_GAMMA.p(), gg.parameters().p(), TRUE_GAMMA_GAMMA.q(), gg.parameters().q(),
                TRUE_GAMMA_GAMMA.gamma(), gg.parameters().gamma()));
        Files.writeString(table, out);
        System.out.print(out);
    }

    private static void row(StringBuilder out, String step, double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        out.append(String.format(Locale.ROOT, "| %s | %.0f ms | %.0f ms | %.0f ms |%n", step, sorted[0], sorted[sorted.length / 2],
                sorted[sorted.length - 1]));
    }

    /**
     * Customers as BG/NBD and Gamma-Gamma say they behave: a first purchase between 1 and 730 days ago, then purchases at
     * a gamma-distributed rate, dropping out after each repeat purchase with a beta-distributed probability; order
     * values gamma-distributed around a customer's own gamma-distributed mean. One purchase per day at most.
     */
    static List<PurchaseHistory> draw(int customers, RandomGenerator random) {
        GammaDistribution rates = new GammaDistribution(random, TRUE_BG_NBD.r(), 1 / TRUE_BG_NBD.alpha());
        BetaDistribution dropOut = new BetaDistribution(random, TRUE_BG_NBD.a(), TRUE_BG_NBD.b());
        GammaDistribution spendRates = new GammaDistribution(random, TRUE_GAMMA_GAMMA.q(), 1 / TRUE_GAMMA_GAMMA.gamma());
        List<PurchaseHistory> base = new ArrayList<>(customers);
        for (int c = 0; c < customers; c++) {
            double observed = 1 + random.nextDouble() * 729;
            double lambda = rates.sample();
            double p = dropOut.sample();
            GammaDistribution values = new GammaDistribution(random, TRUE_GAMMA_GAMMA.p(), 1 / spendRates.sample());
            ExponentialDistribution gaps = new ExponentialDistribution(random, 1 / lambda);
            Instant first = NOW.minusSeconds((long) (observed * 86_400));
            List<PurchaseHistory.Purchase> purchases = new ArrayList<>();
            purchases.add(new PurchaseHistory.Purchase(first, values.sample()));
            double t = 0;
            while (true) {
                t += Math.max(1, gaps.sample());
                if (t > observed) {
                    break;
                }
                purchases.add(new PurchaseHistory.Purchase(first.plusSeconds((long) (t * 86_400)), values.sample()));
                if (random.nextDouble() < p) {
                    break;
                }
            }
            base.add(PurchaseHistory.of(purchases));
        }
        return base;
    }
}
