package io.esdmon.phases.tail;

/**
 * Likelihood-ratio test of a power law against a power law with an exponential cut-off on the same tail
 * (Clauset, Shalizi &amp; Newman 2009, section 5): ρ(x) ∝ x^−α on [xmin, ∞) against ρ(x) ∝ x^−α e^−λx.
 * The truncated law contains the power law (λ = 0), so 2·(ℓ_TPL − ℓ_PL) ≥ 0 and its square root is a
 * standard deviation scale: a tail that really ends (a decaying edge, a bounded continuum) gives a large
 * value, a power law a value of order 1.
 *
 * <p>In t = ln(x/xmin) both laws belong to one exponential family, p(t) ∝ exp(−a·t − b·u) with
 * u = e^t − 1, a = α − 1 and b = λ·xmin ≥ 0, so the log-likelihood is concave in (a, b) and a projected
 * Newton iteration finds its maximum. The normalisation and moments are integrals over t, done by
 * Gauss–Legendre quadrature on the range where the integrand is not negligible.
 */
public final class TruncatedPowerLaw {

    private static final double[] NODES = {-0.9061798459386640, -0.5384693101056831, 0, 0.5384693101056831,
        0.9061798459386640};
    private static final double[] WEIGHTS = {0.2369268850561891, 0.4786286704993665, 0.5688888888888889,
        0.4786286704993665, 0.2369268850561891};
    private static final int PANELS = 400;
    private static final double MAX_T = 700;

    private TruncatedPowerLaw() {
    }

    /**
     * @param ascending  values, ascending and positive
     * @param from       index of xmin; the tail is {@code ascending[from..]}
     * @return 2·(ℓ_TPL − ℓ_PL) at the two maximum-likelihood fits, ≥ 0
     */
    public static double likelihoodRatio(double[] ascending, int from) {
        int n = ascending.length - from;
        if (n < 2) {
            throw new IllegalArgumentException("a tail needs at least 2 values, got " + n);
        }
        double xmin = ascending[from];
        double s1 = 0;
        double s2 = 0;
        for (int i = from; i < ascending.length; i++) {
            double t = Math.log(ascending[i] / xmin);
            s1 += t;
            s2 += Math.expm1(t);
        }
        if (!(s1 > 0)) {
            return 0; // every value at xmin: nothing to tell the laws apart
        }
        double aPl = n / s1;
        double llPl = n * Math.log(aPl) - aPl * s1;
        // ∂ℓ/∂b at b = 0 is n·E_PL[u] − s2 with E_PL[u] = 1/(a − 1): no gain from a cut-off when it is ≤ 0
        if (aPl > 1 && n / (aPl - 1) <= s2) {
            return 0;
        }
        double a = aPl;
        double b = Math.max(1e-9, n / s2 * 1e-3);
        Moments m = Moments.of(a, b);
        double ll = -a * s1 - b * s2 - n * m.logZ;
        for (int iter = 0; iter < 100; iter++) {
            double ga = -s1 + n * m.t;
            double gb = -s2 + n * m.u;
            double haa = n * m.varT;
            double hab = n * m.covTU;
            double hbb = n * m.varU;
            double det = haa * hbb - hab * hab;
            double da;
            double db;
            if (det > 0 && Double.isFinite(det)) {
                da = (hbb * ga - hab * gb) / det;
                db = (haa * gb - hab * ga) / det;
            } else {
                da = ga / Math.max(haa, 1e-300);
                db = 0;
            }
            double step = 1;
            boolean improved = false;
            for (int k = 0; k < 60; k++) {
                double na = a + step * da;
                double nb = Math.max(0, b + step * db);
                if (nb == 0 && na <= 0) {
                    step /= 2;
                    continue;
                }
                Moments nm = Moments.of(na, nb);
                double nll = -na * s1 - nb * s2 - n * nm.logZ;
                if (Double.isFinite(nll) && nll >= ll) {
                    improved = nll - ll > 1e-12 * Math.max(1, Math.abs(ll));
                    a = na;
                    b = nb;
                    m = nm;
                    ll = nll;
                    break;
                }
                step /= 2;
            }
            if (!improved) {
                break;
            }
        }
        return Math.max(0, 2 * (ll - llPl));
    }

    /** log Z and the first two moments of (t, u) under p(t) ∝ exp(−a·t − b·u), u = e^t − 1, t ≥ 0. */
    private record Moments(double logZ, double t, double u, double varT, double covTU, double varU) {

        static Moments of(double a, double b) {
            if (b == 0) {
                // the power law: t ~ Exponential(a)
                double mu = 1 / a;
                double eu = a > 1 ? 1 / (a - 1) : Double.POSITIVE_INFINITY;
                double eu2 = a > 2 ? 2 / ((a - 1) * (a - 2)) : Double.POSITIVE_INFINITY;
                double etu = a > 1 ? a / ((a - 1) * (a - 1)) - 1 / a : Double.POSITIVE_INFINITY;
                return new Moments(-Math.log(a), mu, eu, mu * mu, etu - mu * eu, eu2 - eu * eu);
            }
            // the log-integrand φ(t) = −a·t − b·(e^t − 1) peaks at t* = ln(−a/b) when a < 0, else at 0
            double peak = a < 0 ? Math.log(-a / b) : 0;
            double phiPeak = phi(peak, a, b);
            double hi = Math.max(peak, 1);
            while (hi < MAX_T && phi(hi, a, b) > phiPeak - 60) {
                hi = Math.min(MAX_T, hi * 2);
            }
            double width = hi / PANELS;
            double z = 0;
            double st = 0;
            double su = 0;
            double stt = 0;
            double stu = 0;
            double suu = 0;
            for (int p = 0; p < PANELS; p++) {
                double mid = (p + 0.5) * width;
                for (int k = 0; k < NODES.length; k++) {
                    double t = mid + 0.5 * width * NODES[k];
                    double u = Math.expm1(t);
                    double w = WEIGHTS[k] * 0.5 * width * Math.exp(phi(t, a, b) - phiPeak);
                    z += w;
                    st += w * t;
                    su += w * u;
                    stt += w * t * t;
                    stu += w * t * u;
                    suu += w * u * u;
                }
            }
            double mt = st / z;
            double mu = su / z;
            return new Moments(Math.log(z) + phiPeak, mt, mu, stt / z - mt * mt, stu / z - mt * mu, suu / z - mu * mu);
        }

        private static double phi(double t, double a, double b) {
            return -a * t - b * Math.expm1(t);
        }
    }
}
