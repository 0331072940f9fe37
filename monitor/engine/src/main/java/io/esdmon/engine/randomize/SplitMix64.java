package io.esdmon.engine.randomize;

/**
 * Steele, Lea and Flood's SplitMix64 generator, written out here so that a seed gives the same
 * shuffles on every JVM and release: the live monitor and a later replay must agree bit for bit.
 */
public final class SplitMix64 {

    private long state;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    /** The generator for one shuffle of one layer: seed, layer name and draw number mixed. */
    public static SplitMix64 forDraw(long seed, String layer, int draw) {
        SplitMix64 mixer = new SplitMix64(seed);
        long s = mixer.nextLong() ^ layer.hashCode();
        s = new SplitMix64(s).nextLong() ^ draw;
        return new SplitMix64(new SplitMix64(s).nextLong());
    }

    public long nextLong() {
        long z = state += 0x9E37_79B9_7F4A_7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, bound), without modulo bias (Lemire's multiply-and-reject). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        long product = (nextLong() >>> 32) * bound;
        long low = product & 0xFFFF_FFFFL;
        if (low < bound) {
            long threshold = ((1L << 32) - bound) % bound;
            while (low < threshold) {
                product = (nextLong() >>> 32) * bound;
                low = product & 0xFFFF_FFFFL;
            }
        }
        return (int) (product >>> 32);
    }
}
