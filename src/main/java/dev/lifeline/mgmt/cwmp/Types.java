package dev.lifeline.mgmt.cwmp;

import java.util.Locale;

/** TR-069 primitive types (TR-106 §3.2): which texts are valid for a type, and equality in it. */
final class Types {
    private Types() {}

    /** Why {@code value} is not a valid {@code type}, or null when it is. */
    static String check(String type, String value) {
        switch (type) {
            case "xsd:boolean" -> {
                return bool(value) == null ? "expected true, false, 1 or 0, got '" + value + "'" : null;
            }
            case "xsd:unsignedInt" -> {
                try {
                    long v = Long.parseLong(value.strip());
                    return v < 0 || v > 0xFFFF_FFFFL ? "out of range for unsignedInt: " + value : null;
                } catch (NumberFormatException e) {
                    return "expected an unsigned whole number, got '" + value + "'";
                }
            }
            case "xsd:int" -> {
                try {
                    Integer.parseInt(value.strip());
                    return null;
                } catch (NumberFormatException e) {
                    return "expected a whole number, got '" + value + "'";
                }
            }
            default -> {
                return null;
            }
        }
    }

    static Boolean bool(String v) {
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> null;
        };
    }

    /** Values equal in their type ({@code 1} and {@code true} are the same boolean). */
    static boolean same(String type, String a, String b) {
        if (type.equals("xsd:boolean")) return bool(a) != null && bool(a).equals(bool(b));
        if (type.equals("xsd:unsignedInt") || type.equals("xsd:int")) return a.strip().equals(b.strip());
        return a.equals(b);
    }
}
