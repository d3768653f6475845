package org.jaring.bench;

/**
 * One measured figure. {@code baseline} is measured in the same run (NaN when the figure has none);
 * {@code met} is null for a figure without a target.
 */
record Result(
        String benchmark,
        String figure,
        double value,
        String unit,
        String baselineName,
        double baseline,
        String target,
        Boolean met,
        String note) {

    static Result info(String benchmark, String figure, double value, String unit, String note) {
        return new Result(benchmark, figure, value, unit, "", Double.NaN, "", null, note);
    }

    double ratio() {
        return Double.isNaN(baseline) || baseline == 0 ? Double.NaN : value / baseline;
    }

    String valueText() {
        return format(value) + " " + unit;
    }

    String baselineText() {
        return Double.isNaN(baseline) ? "" : baselineName + ": " + format(baseline) + " " + unit;
    }

    String ratioText() {
        return Double.isNaN(ratio()) ? "" : String.format("%.2f", ratio());
    }

    String metText() {
        return met == null ? "" : met ? "yes" : "NO";
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Math.abs(v) >= 100) {
            return String.format("%,.0f", v);
        }
        if (Math.abs(v) >= 10) {
            return String.format("%.1f", v);
        }
        return String.format("%.2f", v);
    }
}
