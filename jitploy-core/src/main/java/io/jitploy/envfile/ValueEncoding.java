package io.jitploy.envfile;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The byte encodings sops uses for typed values, both as AES-GCM plaintext and as MAC input: {@code str} UTF-8,
 * {@code int} decimal, {@code float} as Go's {@code strconv.FormatFloat(f, 'f', -1, 64)}, {@code bool}
 * {@code True}/{@code False} (Python heritage), {@code comment} its text.
 */
final class ValueEncoding {
    private ValueEncoding() {}

    static String typeOf(Object value) {
        if (value instanceof String || value instanceof byte[]) {
            return "str";
        } else if (value instanceof Long) {
            return "int";
        } else if (value instanceof Double) {
            return "float";
        } else if (value instanceof Boolean) {
            return "bool";
        } else if (value instanceof Comment) {
            return "comment";
        } else if (value instanceof TimeValue) {
            return "time";
        }
        throw new IllegalArgumentException("not a leaf value: " + (value == null ? "null" : value.getClass()));
    }

    static byte[] toBytes(Object value) {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        return toText(value).getBytes(StandardCharsets.UTF_8);
    }

    static String toText(Object value) {
        if (value instanceof String s) {
            return s;
        } else if (value instanceof Long l) {
            return Long.toString(l);
        } else if (value instanceof Double d) {
            return formatFloat(d);
        } else if (value instanceof Boolean b) {
            return b ? "True" : "False";
        } else if (value instanceof Comment c) {
            return c.text();
        } else if (value instanceof TimeValue t) {
            return t.text();
        } else if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        throw new IllegalArgumentException("not a leaf value: " + (value == null ? "null" : value.getClass()));
    }

    /** Decodes a plaintext of the given sops type back to a value. */
    static Object fromBytes(String type, byte[] plaintext, String path) {
        String text = new String(plaintext, StandardCharsets.UTF_8);
        try {
            return switch (type) {
                case "str" -> text;
                case "int" -> Long.parseLong(text);
                case "float" -> parseGoFloat(text);
                case "bool" -> parseGoBool(text);
                case "comment" -> new Comment(text);
                case "time" -> new TimeValue(text);
                case "bytes" -> plaintext.clone();
                default -> throw new UnsupportedEnvFileException("The value at " + path + " has type '" + type
                        + "', which Jitploy does not support (supported: str, int, float, bool, time, comment)."
                        + " Re-encrypt the file with a current sops or Jitploy.");
            };
        } catch (NumberFormatException e) {
            throw new TamperedFileException("The value at " + path + " decrypted but is not a valid " + type
                    + ". The file was produced by an incompatible tool or edited; restore it from version control.");
        }
    }

    private static double parseGoFloat(String text) {
        // Go's strconv.ParseFloat spells the special values Inf/+Inf/-Inf/NaN (any case); Java does not accept them.
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "nan" -> Double.NaN;
            case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text.replace("_", ""));
        };
    }

    private static boolean parseGoBool(String text) {
        // Go's strconv.ParseBool, which sops uses to decode the type.
        return switch (text) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new NumberFormatException("not a bool");
        };
    }

    /**
     * Go's {@code strconv.FormatFloat(d, 'f', -1, 64)}: the shortest decimal that reads back as the same double,
     * never in exponent form and without a trailing {@code .0}. Java 17's {@code Double.toString} is not always the
     * shortest, so the shortest precision is searched explicitly.
     */
    static String formatFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        return shortest(d).stripTrailingZeros().toPlainString();
    }

    /**
     * The fewest significant digits that read back as {@code d}; of two such decimals, the one nearer to {@code d}
     * (ties to even), as Go's shortest formatting picks. The nearest decimal of a length is not always the one that
     * reads back: at a power of two the doubles below are closer together than those above, so the decimal just
     * above may read back while the nearer one below does not (2^-44 is {@code 5.684341886080802e-14}, 16 digits).
     */
    static BigDecimal shortest(double d) {
        BigDecimal exact = new BigDecimal(d);
        for (int precision = 1; precision <= 17; precision++) {
            BigDecimal nearest = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (nearest.doubleValue() == d) {
                return nearest;
            }
            for (RoundingMode direction : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
                BigDecimal candidate = exact.round(new MathContext(precision, direction));
                if (candidate.doubleValue() == d) {
                    return candidate;
                }
            }
        }
        return new BigDecimal(Double.toString(d));
    }

    /** A float as YAML/JSON text that reads back as a float: shortest digits, exponent for extreme magnitudes. */
    static String floatLiteral(double d, boolean yaml) {
        if (Double.isNaN(d)) {
            return yaml ? ".nan" : "NaN";
        }
        if (Double.isInfinite(d)) {
            return yaml ? (d > 0 ? ".inf" : "-.inf") : (d > 0 ? "Infinity" : "-Infinity");
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal value = shortest(d).stripTrailingZeros();
        int exponent = value.precision() - value.scale() - 1;
        if (exponent < -6 || exponent >= 21) {
            BigDecimal unscaled = value.movePointLeft(exponent);
            String mantissa = unscaled.toPlainString();
            if (!mantissa.contains(".")) {
                mantissa += ".0";
            }
            return mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
        }
        String plain = value.toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }
}
