package dev.lifeline.util;

import java.util.Optional;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.JsonSchema;

/**
 * Reads JSON with the YAML parser already on board (YAML 1.2 is a superset of JSON), so no JSON
 * library is needed. Objects come back as {@code Map<String, Object>} (in document order),
 * arrays as {@code List}, numbers as {@code Integer}/{@code Long}/{@code BigInteger}/{@code Double},
 * plus {@code String}, {@code Boolean} and null. Duplicate keys are an error. Being a YAML parser
 * it also accepts some non-JSON (unquoted keys); callers check the types they need anyway.
 */
public final class JsonRead {
    private JsonRead() {}

    /** Parses one document; a syntax error is an IllegalArgumentException saying where. */
    public static Object parse(String text) {
        LoadSettings settings = LoadSettings.builder().setSchema(new JsonSchema()).setAllowDuplicateKeys(false)
                .setMaxAliasesForCollections(10).setLabel("json").build();
        try {
            return new Load(settings).loadFromString(text);
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> m = e.getProblemMark().or(e::getContextMark);
            String where = m.map(mk -> " at line " + (mk.getLine() + 1) + ", column " + (mk.getColumn() + 1)).orElse("");
            String what = e.getProblem() != null ? e.getProblem() : "syntax error";
            throw new IllegalArgumentException("not valid JSON" + where + ": " + what);
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage());
        }
    }
}
