package io.liquidator.engine.margin;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/** An exact rational, test-only: the independent oracle for the fixed-point code. */
final class Q implements Comparable<Q> {
    static final Q ZERO = new Q(BigInteger.ZERO, BigInteger.ONE);
    static final Q ONE = new Q(BigInteger.ONE, BigInteger.ONE);

    final BigInteger n;
    final BigInteger d;

    private Q(final BigInteger n, final BigInteger d) {
        this.n = n;
        this.d = d;
    }

    static Q of(final BigInteger n, final BigInteger d) {
        if (d.signum() == 0) {
            throw new ArithmeticException("Q: division by zero");
        }
        BigInteger nn = n;
        BigInteger dd = d;
        if (dd.signum() < 0) {
            nn = nn.negate();
            dd = dd.negate();
        }
        final BigInteger g = nn.gcd(dd);
        if (!g.equals(BigInteger.ONE) && g.signum() != 0) {
            nn = nn.divide(g);
            dd = dd.divide(g);
        }
        if (nn.signum() == 0) {
            dd = BigInteger.ONE;
        }
        return new Q(nn, dd);
    }

    static Q of(final long v) {
        return new Q(BigInteger.valueOf(v), BigInteger.ONE);
    }

    /** raw × 10^-scale. */
    static Q scaled(final long raw, final int scale) {
        return of(BigInteger.valueOf(raw), BigInteger.TEN.pow(scale));
    }

    static Q parse(final String decimal) {
        final BigDecimal b = new BigDecimal(decimal);
        return b.scale() >= 0 ? of(b.unscaledValue(), BigInteger.TEN.pow(b.scale()))
            : of(b.unscaledValue().multiply(BigInteger.TEN.pow(-b.scale())), BigInteger.ONE);
    }

    static BigInteger pow10(final int n) {
        return BigInteger.TEN.pow(n);
    }

    Q add(final Q o) {
        return of(n.multiply(o.d).add(o.n.multiply(d)), d.multiply(o.d));
    }

    Q sub(final Q o) {
        return of(n.multiply(o.d).subtract(o.n.multiply(d)), d.multiply(o.d));
    }

    Q mul(final Q o) {
        return of(n.multiply(o.n), d.multiply(o.d));
    }

    Q mul(final long v) {
        return of(n.multiply(BigInteger.valueOf(v)), d);
    }

    Q div(final Q o) {
        return of(n.multiply(o.d), d.multiply(o.n));
    }

    Q inv() {
        return of(d, n);
    }

    Q neg() {
        return new Q(n.negate(), d);
    }

    int signum() {
        return n.signum();
    }

    BigInteger floor() {
        final BigInteger[] qr = n.divideAndRemainder(d);
        return qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
    }

    BigInteger ceil() {
        final BigInteger[] qr = n.divideAndRemainder(d);
        return qr[1].signum() > 0 ? qr[0].add(BigInteger.ONE) : qr[0];
    }

    long floorLong() {
        return floor().longValueExact();
    }

    long ceilLong() {
        return ceil().longValueExact();
    }

    boolean isInteger() {
        return d.equals(BigInteger.ONE);
    }

    BigDecimal toBigDecimal(final int scale, final RoundingMode mode) {
        return new BigDecimal(n).divide(new BigDecimal(d), scale, mode);
    }

    @Override
    public int compareTo(final Q o) {
        return n.multiply(o.d).compareTo(o.n.multiply(d));
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Q && ((Q) o).n.equals(n) && ((Q) o).d.equals(d);
    }

    @Override
    public int hashCode() {
        return n.hashCode() * 31 + d.hashCode();
    }

    @Override
    public String toString() {
        return toBigDecimal(10, RoundingMode.HALF_UP).toPlainString();
    }
}
