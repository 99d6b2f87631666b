package dev.poolscope.cli;

import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

/**
 * Converters whose errors read as plain words: picocli's own say "'abc' is not a long", which
 * means nothing to someone who typed a pid at 3 a.m.
 */
final class PlainValues {

    private PlainValues() {
    }

    static void registerOn(CommandLine cli) {
        CommandLine.ITypeConverter<Long> whole = PlainValues::wholeNumber;
        CommandLine.ITypeConverter<Integer> count = s -> Math.toIntExact(wholeNumber(s));
        CommandLine.ITypeConverter<Double> decimal = PlainValues::decimalNumber;
        cli.registerConverter(Long.class, whole).registerConverter(Long.TYPE, whole)
                .registerConverter(Integer.class, count).registerConverter(Integer.TYPE, count)
                .registerConverter(Double.class, decimal).registerConverter(Double.TYPE, decimal);
    }

    static long wholeNumber(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + text + "' is not a whole number (for example 4242)");
        }
    }

    static double decimalNumber(String text) {
        try {
            double value = Double.parseDouble(text.trim());
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + text + "' is not a number (for example 2 or 0.5)");
        }
    }

    /** The option an unknown argument was probably meant to be: at most two edits away; else null. */
    static String nearestOption(String arg, java.util.Collection<String> options) {
        if (!arg.startsWith("-")) {
            return null;
        }
        String best = null;
        int bestDistance = 3;
        for (String option : options) {
            int d = editDistance(arg, option);
            if (d < bestDistance) {
                best = option;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance with adjacent transpositions counted as one edit ("--pdi" → "--pid"). */
    private static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
