package io.jitploy.envfile;

import java.math.BigInteger;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * How sops' YAML parser (go-yaml v3, {@code resolve.go}) reads plain scalars that start with a digit or a sign. It
 * differs from the YAML 1.2 core schema: underscores are dropped ({@code 1_000} is 1000), Go's base prefixes apply
 * ({@code 0b101}, {@code 0X1F}, {@code -0x1F}), a leading zero means octal ({@code 0644} is 420), and an invalid
 * octal such as {@code 08540} falls through to a float. Unencrypted values are covered by the MAC as sops reads them,
 * so reading them differently would reject valid sops files and write files sops rejects.
 */
final class GoYamlNumbers {
    private static final Pattern YAML_STYLE_FLOAT =
            Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    private static final ScalarResolver CORE = new CoreSchema().getScalarResolver();

    /**
     * The core schema resolver, corrected for numbers as go-yaml v3 resolves them, and for the plain scalars it reads
     * as times ({@link GoYamlTimestamps}, tried first as go-yaml does).
     */
    static final ScalarResolver RESOLVER = (value, implicit) -> {
        Tag core = CORE.resolve(value, implicit);
        if (!implicit || value.isEmpty() || !startsLikeNumber(value) || core.equals(Tag.FLOAT) && isSpecial(value)) {
            return core;
        }
        if (GoYamlTimestamps.parse(value).isPresent()) {
            return GoYamlTimestamps.TAG;
        }
        if (isUnsignedOnly(value)) {
            // An int that YamlStore refuses: go-yaml reads it as uint64, a type sops can neither encrypt nor MAC.
            return Tag.INT;
        }
        Object number = number(value);
        return number instanceof Long ? Tag.INT : number instanceof Double ? Tag.FLOAT : Tag.STR;
    };

    private GoYamlNumbers() {}

    private static boolean startsLikeNumber(String value) {
        char first = value.charAt(0);
        return (first >= '0' && first <= '9') || first == '+' || first == '-';
    }

    private static boolean isSpecial(String value) {
        return value.toLowerCase(java.util.Locale.ROOT).contains(".inf")
                || value.toLowerCase(java.util.Locale.ROOT).contains(".nan");
    }

    /**
     * The value go-yaml gives a plain scalar starting with a digit or sign: a {@code Long}, a {@code Double}, or
     * null when it stays a string (or is an integer beyond 64 bits, which sops cannot encrypt either).
     */
    static Object number(String text) {
        String plain = text.replace("_", "");
        Long integer = parseGoInt(plain);
        if (integer != null) {
            return integer;
        }
        if (YAML_STYLE_FLOAT.matcher(plain).matches()) {
            double d = Double.parseDouble(plain);
            // Go's ParseFloat fails on overflow, and go-yaml then keeps the text as a string.
            return Double.isInfinite(d) ? null : d;
        }
        return null;
    }

    /**
     * True for a plain scalar go-yaml reads as an unsigned 64-bit integer above the signed range, such as
     * {@code 18446744073709551615}: sops fails on that type ("Could not convert unknown type uint64").
     */
    static boolean isUnsignedOnly(String text) {
        String plain = text.replace("_", "");
        if (plain.startsWith("+") || plain.startsWith("-")) {
            return false; // Go's ParseUint takes no sign
        }
        BigInteger value = parseGoInteger(plain);
        return value != null && value.signum() > 0 && value.bitLength() == 64;
    }

    /** Go's {@code strconv.ParseInt(s, 0, 64)}; null when it fails. */
    private static Long parseGoInt(String s) {
        BigInteger value = parseGoInteger(s);
        return value != null && value.bitLength() < 64 ? value.longValue() : null;
    }

    /** An integer in Go's base-prefix syntax ({@code 0x}, {@code 0o}, {@code 0b}, leading {@code 0} octal). */
    private static BigInteger parseGoInteger(String s) {
        String sign = "";
        String digits = s;
        if (digits.startsWith("+") || digits.startsWith("-")) {
            sign = digits.startsWith("-") ? "-" : "";
            digits = digits.substring(1);
        }
        int radix = 10;
        if (digits.length() > 1 && digits.charAt(0) == '0') {
            char prefix = Character.toLowerCase(digits.charAt(1));
            if (prefix == 'x' || prefix == 'o' || prefix == 'b') {
                radix = prefix == 'x' ? 16 : prefix == 'o' ? 8 : 2;
                digits = digits.substring(2);
            } else {
                radix = 8;
                digits = digits.substring(1);
            }
        }
        if (digits.isEmpty() || digits.charAt(0) == '+' || digits.charAt(0) == '-') {
            return null;
        }
        try {
            return new BigInteger(sign + digits, radix);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
