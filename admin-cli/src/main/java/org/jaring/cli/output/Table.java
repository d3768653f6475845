package org.jaring.cli.output;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jaring.core.text.SafeText;

/**
 * A plain-text table with column widths fitted to the content; long cells are cut with an ellipsis. Cells often
 * hold text another state wrote (a case reference, a note, a contact), so every cell is escaped here, in the one
 * place every command prints through ({@code SafeText.line}): a CR, LF, ESC or bidi override in a cell is shown
 * as a backslash escape and can never start a new row, move the cursor or reorder what the reader sees.
 */
public final class Table {
    private static final int MAX_CELL = 48;

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();
    private final Set<Integer> whole = new HashSet<>();

    public Table(String... headers) {
        this.headers = List.of(headers);
    }

    /**
     * Never cuts the cells of this column: for values that are useless when shortened, such as fingerprints
     * people compare digit by digit. Call before adding rows.
     */
    public Table keepWhole(String header) {
        int i = headers.indexOf(header);
        if (i < 0) {
            throw new IllegalArgumentException("no column " + header);
        }
        whole.add(i);
        return this;
    }

    public Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + headers.size());
        }
        List<String> row = new ArrayList<>(cells.length);
        for (int i = 0; i < cells.length; i++) {
            String s = SafeText.line(cells[i] == null ? "" : cells[i].toString());
            row.add(s.length() > MAX_CELL && !whole.contains(i) ? s.substring(0, MAX_CELL - 1) + "…" : s);
        }
        rows.add(row);
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public void print(PrintWriter out) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> r : rows) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        }
        line(out, headers, widths);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            rule.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
        }
        out.println(rule);
        for (List<String> r : rows) {
            line(out, r, widths);
        }
        out.flush();
    }

    private static void line(PrintWriter out, List<String> cells, int[] widths) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                b.append("  ");
            }
            b.append(cells.get(i));
            if (i < cells.size() - 1) {
                b.append(" ".repeat(widths[i] - cells.get(i).length()));
            }
        }
        out.println(b);
    }
}
