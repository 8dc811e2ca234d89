package dev.lifeline.config;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * An MGCP/H.248-style digit map, deciding when an analog caller has dialled enough.
 *
 * <p>Syntax: alternatives separated by {@code |}, optionally wrapped in parentheses. Elements:
 * a symbol {@code 0-9 * # A-D}; {@code x} = any digit 0-9; {@code [..]} a set of symbols with
 * digit ranges ({@code [1-5]}, {@code [135]}, {@code [1-57]}, {@code [*#]}); {@code .} = zero or
 * more of the preceding element; {@code T} (only at the end of an alternative) = complete
 * only once the inter-digit timer has expired.
 *
 * <p>Matching runs every alternative as a tiny NFA over the dialled string, which is why
 * it can tell "can never match" from "needs more digits" from "done, but more could come".
 */
public final class DigitMap {
    /** How a dialled string stands against the map. */
    public enum Result {
        /** No continuation of this string can match: give up (e.g. reorder tone). */
        NO_MATCH,
        /** Could match with more digits: keep collecting. */
        PARTIAL,
        /** Matches and no longer string could: route now. */
        COMPLETE,
        /** Matches but a longer string could also match: route on the inter-digit timeout or on {@code #}. */
        COMPLETE_MAY_EXTEND
    }

    private static final String SYMBOLS = "0123456789*#ABCD";

    private record Element(BitSet set, boolean repeat) {}

    private record Alternative(List<Element> elements, boolean timer) {}

    private final String text;
    private final List<Alternative> alternatives;

    private DigitMap(String text, List<Alternative> alternatives) {
        this.text = text;
        this.alternatives = alternatives;
    }

    /** Parses a digit map; IllegalArgumentException saying at which position (1-based) it is wrong. */
    public static DigitMap parse(String map) {
        if (map == null || map.isBlank()) throw new IllegalArgumentException("digit map is empty");
        String s = map.strip();
        int offset = map.indexOf(s.charAt(0));
        int start = 0, end = s.length();
        if (s.startsWith("(")) {
            if (!s.endsWith(")")) throw error(offset + s.length(), "missing ')' at the end");
            start = 1;
            end = s.length() - 1;
        }
        List<Alternative> alts = new ArrayList<>();
        int altStart = start;
        for (int i = start; i <= end; i++) {
            if (i == end || s.charAt(i) == '|') {
                alts.add(parseAlternative(s, altStart, i, offset));
                altStart = i + 1;
            }
        }
        return new DigitMap(map, List.copyOf(alts));
    }

    private static Alternative parseAlternative(String s, int from, int to, int offset) {
        if (from == to) throw error(offset + from, "empty alternative");
        List<Element> els = new ArrayList<>();
        boolean timer = false;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (timer) throw error(offset + i, "'T' may only end an alternative");
            if (c == '.') {
                if (els.isEmpty() || els.get(els.size() - 1).repeat()) throw error(offset + i, "'.' has nothing to repeat");
                Element last = els.remove(els.size() - 1);
                els.add(new Element(last.set(), true));
            } else if (c == 'T') {
                timer = true;
            } else if (c == '[') {
                int close = s.indexOf(']', i);
                if (close < 0 || close > to) throw error(offset + i, "'[' without ']'");
                els.add(new Element(parseSet(s, i + 1, close, offset), false));
                i = close;
            } else {
                BitSet set = new BitSet();
                if (!addSymbol(set, c)) throw error(offset + i, "unexpected '" + c + "'");
                els.add(new Element(set, false));
            }
        }
        if (els.isEmpty()) throw error(offset + from, "alternative has no digits");
        return new Alternative(List.copyOf(els), timer);
    }

    private static BitSet parseSet(String s, int from, int to, int offset) {
        BitSet set = new BitSet();
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (i + 2 < to && s.charAt(i + 1) == '-') {
                char hi = s.charAt(i + 2);
                if (!Character.isDigit(c) || !Character.isDigit(hi) || hi < c) {
                    throw error(offset + i, "bad range '" + c + "-" + hi + "' (ranges go from a lower to a higher digit)");
                }
                for (char d = c; d <= hi; d++) set.set(d - '0');
                i += 2;
            } else if (!addSymbol(set, c)) {
                throw error(offset + i, "unexpected '" + c + "' in [...]");
            }
        }
        if (set.isEmpty()) throw error(offset + from, "empty [...]");
        return set;
    }

    private static boolean addSymbol(BitSet set, char c) {
        if (c == 'x' || c == 'X') { set.set(0, 10); return true; }
        int idx = SYMBOLS.indexOf(Character.toUpperCase(c));
        if (idx < 0) return false;
        set.set(idx);
        return true;
    }

    private static IllegalArgumentException error(int index, String message) {
        return new IllegalArgumentException("digit map position " + (index + 1) + ": " + message);
    }

    /** Classifies {@code dialled} (symbols 0-9 * # A-D; any other symbol never matches). */
    public Result match(String dialled) {
        boolean complete = false, extend = false;
        for (Alternative alt : alternatives) {
            BitSet states = run(alt, dialled);
            int n = alt.elements().size();
            boolean accepts = states.get(n);
            // any state short of the end can be completed with more digits (every element accepts something)
            boolean more = states.nextSetBit(0) < n && states.nextSetBit(0) >= 0;
            if (accepts) {
                complete = true;
                if (alt.timer()) extend = true;
            }
            if (more) extend = true;
        }
        if (complete) return extend ? Result.COMPLETE_MAY_EXTEND : Result.COMPLETE;
        return extend ? Result.PARTIAL : Result.NO_MATCH;
    }

    private static BitSet run(Alternative alt, String dialled) {
        List<Element> els = alt.elements();
        BitSet states = closure(els, single(0));
        for (int i = 0; i < dialled.length() && !states.isEmpty(); i++) {
            int sym = SYMBOLS.indexOf(Character.toUpperCase(dialled.charAt(i)));
            BitSet next = new BitSet();
            for (int st = states.nextSetBit(0); st >= 0; st = states.nextSetBit(st + 1)) {
                if (st < els.size() && sym >= 0 && els.get(st).set().get(sym)) {
                    next.set(els.get(st).repeat() ? st : st + 1);
                }
            }
            states = closure(els, next);
        }
        return states;
    }

    /** Adds the states reachable by skipping repeatable elements (zero repetitions). */
    private static BitSet closure(List<Element> els, BitSet states) {
        BitSet out = (BitSet) states.clone();
        for (int st = out.nextSetBit(0); st >= 0 && st < els.size(); st = out.nextSetBit(st + 1)) {
            if (els.get(st).repeat()) out.set(st + 1);
        }
        return out;
    }

    private static BitSet single(int i) {
        BitSet b = new BitSet();
        b.set(i);
        return b;
    }

    /** The map as written. */
    @Override
    public String toString() { return text; }
}
