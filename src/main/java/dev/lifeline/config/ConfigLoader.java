package dev.lifeline.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Entry point for loading config. Everything is validated before anything is returned, and
 * every problem comes back in one {@link ConfigException} (file, field, message), never as a
 * stack trace: the reader of these errors is an operator, not a developer.
 */
public final class ConfigLoader {
    private ConfigLoader() {}

    /** Loads and validates a board profile ({@code board-profiles/<name>.yaml}). */
    public static BoardProfile loadBoard(Path file) throws ConfigException {
        return parse(read(file), file.toString(), BoardProfileReader::read);
    }

    /** Loads and validates a site config file against the board it will run on. */
    public static SiteConfig loadSite(Path file, BoardProfile board) throws ConfigException {
        return loadSite(read(file), file.toString(), board);
    }

    /**
     * Validates a site config given as text (it also arrives over MQTT).
     *
     * @param sourceName what to call the source in errors, e.g. a file name or topic
     */
    public static SiteConfig loadSite(String yamlText, String sourceName, BoardProfile board) throws ConfigException {
        SiteConfig site = parse(yamlText, sourceName, root -> SiteConfigReader.read(root, board));
        TEXTS.put(site, yamlText);
        return site;
    }

    /**
     * The YAML text a site config was loaded from (while the config is in use). Why: versions are
     * stored as text, and a TR-069 change edits the running config's text, comments and all,
     * rather than writing a config back from the typed model (which keeps only password hashes).
     */
    public static Optional<String> sourceText(SiteConfig site) {
        return Optional.ofNullable(TEXTS.get(site));
    }

    private static final java.util.Map<SiteConfig, String> TEXTS =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /** Loads a board profile from text (tests, tools). */
    public static BoardProfile loadBoard(String yamlText, String sourceName) throws ConfigException {
        return parse(yamlText, sourceName, BoardProfileReader::read);
    }

    private static <T> T parse(String text, String source, Function<YamlNode, T> reader) throws ConfigException {
        Problems problems = new Problems(source);
        Optional<YamlNode> root = YamlNode.parse(text, problems);
        T result = null;
        if (root.isPresent()) {
            if (!root.get().isMapping()) root.get().error("the file must be a mapping of keys (key: value), got " + root.get().describe());
            else result = reader.apply(root.get());
        }
        problems.throwIfAny();
        return result;
    }

    private static String read(Path file) throws ConfigException {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw fileError(file, "file not found (looked at " + file.toAbsolutePath() + ")");
        } catch (CharacterCodingException e) {
            throw fileError(file, "not valid UTF-8 text");
        } catch (IOException e) {
            throw fileError(file, "cannot read: " + e.getMessage());
        }
    }

    private static ConfigException fileError(Path file, String message) {
        return new ConfigException(java.util.List.of(new ConfigError(file.toString(), "", message)));
    }
}
