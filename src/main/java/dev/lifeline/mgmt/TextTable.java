package dev.lifeline.mgmt;

import java.util.ArrayList;
import java.util.List;

/** Fixed-width columns for the CLI's human views. */
public final class TextTable {
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    public TextTable(String... header) {
        columns = header.length;
        rows.add(header);
    }

    public TextTable row(Object... cells) {
        String[] r = new String[columns];
        for (int i = 0; i < columns; i++) r[i] = i < cells.length && cells[i] != null ? String.valueOf(cells[i]) : "-";
        rows.add(r);
        return this;
    }

    @Override
    public String toString() {
        int[] w = new int[columns];
        for (String[] r : rows) for (int i = 0; i < columns; i++) w[i] = Math.max(w[i], r[i].length());
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                sb.append(r[i]);
                if (i < columns - 1) sb.append(" ".repeat(w[i] - r[i].length() + 2));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
