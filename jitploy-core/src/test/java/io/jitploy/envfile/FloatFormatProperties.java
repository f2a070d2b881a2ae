package io.jitploy.envfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Floats are encrypted and MAC'd as Go's {@code strconv.FormatFloat(f, 'f', -1, 64)} writes them: the shortest
 * decimal that reads back as the same double, the nearest one when two have that length, never an exponent. A single
 * digit of difference makes sops and Jitploy compute different MACs for the same file.
 */
class FloatFormatProperties {

    @Example
    void knownGoOutputs() {
        // Expected texts are Go's (and Python's repr, the same shortest-round-trip rule) for these doubles.
        assertThat(ValueEncoding.formatFloat(1234568000.0)).isEqualTo("1234568000");
        assertThat(ValueEncoding.formatFloat(0.1)).isEqualTo("0.1");
        assertThat(ValueEncoding.formatFloat(-2.5)).isEqualTo("-2.5");
        assertThat(ValueEncoding.formatFloat(1e21)).isEqualTo("1000000000000000000000");
        assertThat(ValueEncoding.formatFloat(2e-3)).isEqualTo("0.002");
        assertThat(ValueEncoding.formatFloat(-0.0)).isEqualTo("-0");
        assertThat(ValueEncoding.formatFloat(Double.NaN)).isEqualTo("NaN");
        assertThat(ValueEncoding.formatFloat(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
        assertThat(ValueEncoding.formatFloat(Double.MIN_VALUE)).isEqualTo("0." + "0".repeat(323) + "5");
    }

    @Example
    void powersOfTwoWhereTheNearestShortDecimalDoesNotReadBack() {
        // Below a power of two the doubles are twice as dense, so the shortest decimal may lie above the value.
        assertThat(ValueEncoding.formatFloat(0x1p-44)).isEqualTo("0.00000000000005684341886080802");
        assertThat(ValueEncoding.formatFloat(0x1p89)).isEqualTo("618970019642690200000000000");
        assertThat(ValueEncoding.formatFloat(0x1p-1017)).isEqualTo("0." + "0".repeat(306) + "7120236347223045");
    }

    @Example
    void exactTiesRoundToEven() {
        assertThat(ValueEncoding.formatFloat(0x1p-25)).isEqualTo("0.000000029802322387695312");
        assertThat(ValueEncoding.formatFloat(0x1.0000000000001p50)).isEqualTo("1125899906842624.2");
    }

    @Property(tries = 2000)
    void shortestNearestPlainDecimal(@ForAll("finiteDoubles") double d) {
        String text = ValueEncoding.formatFloat(d);

        assertThat(text).doesNotContain("e", "E").doesNotEndWith(".0").doesNotEndWith(".");
        assertThat(Double.parseDouble(text)).isEqualTo(d);
        if (d == 0) {
            return;
        }
        BigDecimal exact = new BigDecimal(d);
        BigDecimal written = new BigDecimal(text);
        int digits = written.stripTrailingZeros().precision();
        if (digits > 1) {
            // The two decimals of one digit fewer that bracket d: if neither reads back, none does.
            for (RoundingMode direction : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
                BigDecimal shorter = exact.round(new MathContext(digits - 1, direction));
                assertThat(shorter.doubleValue())
                        .as("%s reads back in %d digits", shorter, digits - 1)
                        .isNotEqualTo(d);
            }
        }
        for (RoundingMode direction : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
            BigDecimal other = exact.round(new MathContext(digits, direction));
            if (other.doubleValue() == d) {
                assertThat(other.subtract(exact).abs())
                        .isGreaterThanOrEqualTo(written.subtract(exact).abs());
            }
        }
    }

    @Provide
    Arbitrary<Double> finiteDoubles() {
        Arbitrary<Double> anyBits =
                Arbitraries.longs().map(Double::longBitsToDouble).filter(d -> !d.isNaN() && !d.isInfinite());
        Arbitrary<Double> nearPowersOfTwo = Arbitraries.integers()
                .between(-1074, 1023)
                .flatMap(exponent -> Arbitraries.of(-1, 0, 1).map(step -> {
                    double power = Math.scalb(1.0, exponent);
                    return step < 0 ? Math.nextDown(power) : step > 0 ? Math.nextUp(power) : power;
                }));
        return Arbitraries.oneOf(anyBits, nearPowersOfTwo, Arbitraries.doubles());
    }
}
