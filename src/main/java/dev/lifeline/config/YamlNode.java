package dev.lifeline.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A YAML node that knows its path in the file and where to report problems.
 *
 * <p>Why not just load into Maps: we want the field path in every error and want to go on
 * reading after a bad value, so each typed accessor reports what is wrong and returns
 * {@code null}/the default instead of throwing. Scalars are read from their text, so
 * {@code extension: 6000} and {@code extension: "6000"} are the same thing.
 */
final class YamlNode {
    private final Node node;
    private final String path;
    private final Problems problems;

    YamlNode(Node node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /** Parses a whole document; a syntax error is reported with line and column and gives empty. */
    static Optional<YamlNode> parse(String text, Problems problems) {
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(problems.file()).build();
            Optional<Node> root = new Compose(settings).composeString(text);
            if (root.isEmpty()) {
                problems.add("", "the file is empty");
                return Optional.empty();
            }
            return Optional.of(new YamlNode(root.get(), "", problems));
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> m = e.getProblemMark().or(e::getContextMark);
            String where = m.map(mk -> "line " + (mk.getLine() + 1) + ", column " + (mk.getColumn() + 1) + ": ").orElse("");
            String what = e.getProblem() != null ? e.getProblem() : "YAML syntax error";
            String ctx = e.getContext() != null ? " (" + e.getContext() + ")" : "";
            problems.add("", "YAML syntax error at " + where + what + ctx);
            return Optional.empty();
        } catch (YamlEngineException e) {
            problems.add("", "YAML error: " + e.getMessage());
            return Optional.empty();
        }
    }

    String path() { return path; }

    Problems problems() { return problems; }

    /** 1-based line of this node in the file, 0 if unknown. */
    int line() { return node.getStartMark().map(m -> m.getLine() + 1).orElse(0); }

    void error(String message) { problems.add(path, message); }

    boolean isNull() { return node.getTag().equals(Tag.NULL); }

    boolean isMapping() { return node instanceof MappingNode; }

    boolean isSequence() { return node instanceof SequenceNode; }

    Node raw() { return node; }

    String childPath(String key) { return path.isEmpty() ? key : path + "." + key; }

    /** This node as a mapping whose allowed keys are {@code known}; other keys are reported. */
    Fields fields(String... known) {
        if (!isMapping()) {
            error("expected a mapping (key: value), got " + describe());
            return new Fields(this, null, Set.of(known));
        }
        return new Fields(this, (MappingNode) node, Set.of(known));
    }

    /** The items of a sequence; reports and returns empty if this is not one. */
    List<YamlNode> items() {
        if (!(node instanceof SequenceNode seq)) {
            error("expected a list, got " + describe());
            return List.of();
        }
        List<YamlNode> out = new ArrayList<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
            out.add(new YamlNode(seq.getValue().get(i), path + "[" + i + "]", problems));
        }
        return out;
    }

    /** Scalar text, or null (reported) if this is a mapping or list. */
    String text() {
        if (node instanceof ScalarNode s && !isNull()) return s.getValue();
        error("expected a single value, got " + describe());
        return null;
    }

    /** Non-blank text, trimmed. */
    String string() {
        String t = text();
        if (t == null) return null;
        if (t.isBlank()) {
            error("must not be empty");
            return null;
        }
        return t.strip();
    }

    Integer integer(long min, long max) {
        String t = text();
        if (t == null) return null;
        try {
            long v = Long.parseLong(t.strip());
            if (v < min || v > max) {
                error("must be between " + min + " and " + max + ", got " + v);
                return null;
            }
            return (int) v;
        } catch (NumberFormatException e) {
            error("expected a whole number, got '" + t + "'");
            return null;
        }
    }

    Boolean bool() {
        String t = text();
        if (t == null) return null;
        return switch (t.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> {
                error("expected true or false, got '" + t + "'");
                yield null;
            }
        };
    }

    /** A duration in milliseconds: an integer (ms) or text such as 500ms, 4s, 2m, 1h. */
    Long durationMs(long minMs, long maxMs) {
        String t = text();
        if (t == null) return null;
        try {
            long v = Durations.parseMs(t);
            if (v < minMs || v > maxMs) {
                error("must be between " + Durations.format(minMs) + " and " + Durations.format(maxMs)
                        + ", got " + Durations.format(v));
                return null;
            }
            return v;
        } catch (IllegalArgumentException e) {
            error(e.getMessage());
            return null;
        }
    }

    /** One of the allowed words (case-insensitive, returned lower-case). */
    String choice(Set<String> allowed) {
        String t = string();
        if (t == null) return null;
        String v = t.toLowerCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            error("'" + t + "' is not one of " + String.join(", ", new java.util.TreeSet<>(allowed)));
            return null;
        }
        return v;
    }

    /** A list of non-empty texts; a single value is not silently accepted as a list. */
    List<String> strings() {
        List<String> out = new ArrayList<>();
        for (YamlNode item : items()) {
            String s = item.string();
            if (s != null) out.add(s);
        }
        return out;
    }

    String describe() {
        if (node instanceof MappingNode) return "a mapping";
        if (node instanceof SequenceNode) return "a list";
        if (isNull()) return "nothing";
        return "'" + ((ScalarNode) node).getValue() + "'";
    }
}
