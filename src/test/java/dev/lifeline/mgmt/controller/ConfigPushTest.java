package dev.lifeline.mgmt.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.config.ConfigError;
import dev.lifeline.store.ConfigVersions;
import dev.lifeline.store.Database;
import dev.lifeline.util.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a pushed config is refused, version ordering, and what an accepted one leaves behind. */
public class ConfigPushTest {
    static final String CONTROLLER = "\ncontroller: { url: \"tcp://127.0.0.1:1883\" }\n";

    @TempDir Path dir;
    private Database db;
    private ConfigVersions versions;
    private StubGateway gw;
    private Alarms alarms;
    private ConfigPush push;
    private String demo;

    @BeforeEach
    void setUp() throws Exception {
        db = Database.open(dir.resolve("gw.db"));
        versions = new ConfigVersions(db);
        gw = StubGateway.demo(CONTROLLER);
        alarms = new Alarms(Instant::now);
        push = new ConfigPush(gw, versions, alarms, 0, Instant::now);
        demo = StubGateway.demoText() + CONTROLLER;
    }

    @AfterEach
    void tearDown() { db.close(); }

    @Test
    void aValidConfigIsAppliedStoredAndAcked() {
        String renumbered = demo.replace("fxs4: { extension: \"6003\"", "fxs4: { extension: \"6013\"")
                .replace("\"6003\": { barred", "\"6013\": { barred"); // its services move with it
        Map<String, Object> ack = push(envelope(8, "r-1", renumbered));
        assertEquals("applied", ack.get("status"), () -> ack.toString());
        assertEquals("r-1", ack.get("requestId"));
        assertEquals(8L, ack.get("version"));
        assertEquals(8L, ack.get("running"));
        assertTrue(((Number) ack.get("appliedMs")).longValue() >= 0);
        assertEquals(List.of(), ack.get("restartRequired"));
        assertEquals("6013", gw.running.lines().get("fxs4").extension());
        assertEquals(8, push.running());
        List<ConfigVersions.Stored> stored = versions.newestFirst(ConfigVersions.APPLIED);
        assertEquals(8, stored.get(0).version());
        assertEquals(renumbered, stored.get(0).yaml());
    }

    @Test
    void aConfigMayComeAsAJsonObject() throws Exception {
        String json = """
                {"version": 3, "requestId": "r-json", "config": {
                  "site": "demo-branch", "gateway-id": "gw-demo",
                  "lines": {"fxs1": {"extension": 6000}, "fxs2": {"extension": "6001"},
                            "fxs3": {"extension": "6002"}, "fxs4": {"extension": "6013", "name": "Lobby"}},
                  "controller": {"url": "tcp://127.0.0.1:1883"}}}""";
        Map<String, Object> ack = push(json);
        assertEquals("applied", ack.get("status"), () -> ack.toString());
        assertEquals("6000", gw.running.lines().get("fxs1").extension());
        assertEquals("Lobby", gw.running.lines().get("fxs4").name());
    }

    @Test
    void malformedJsonIsRefusedWithNullIds() {
        Map<String, Object> ack = push("{\"version\": 8, \"requestId\": \"r-1\", ");
        assertRejected(ack, "", "not valid JSON");
        assertNull(ack.get("requestId"));
        assertNull(ack.get("version"));
        assertEquals(0L, ack.get("running"));
        assertTrue(gw.applied.isEmpty());
    }

    @Test
    void onlyStrictJsonIsAccepted() {
        String cfg = quoted(demo);
        for (String bad : List.of(
                "{\"version\": 8, \"version\": 9, \"requestId\": \"r\", \"config\": " + cfg + "}",  // duplicate key
                "{\"version\": 8, \"requestId\": \"r\", \"config\": " + cfg + "} {}",              // trailing value
                "{\"version\": 8, \"requestId\": \"r\", \"config\": " + cfg + "}x",                // trailing garbage
                "{version: 8, requestId: \"r\", config: " + cfg + "}",                                   // unquoted names (YAML)
                "{\"version\": 8, \"requestId\": \"r\", \"config\": " + cfg + ",}",                // trailing comma
                "{\"version\": 8, /* c */ \"requestId\": \"r\", \"config\": " + cfg + "}",         // comment
                "{\"version\": 08, \"requestId\": \"r\", \"config\": " + cfg + "}",                // leading zero
                "{\"version\": NaN, \"requestId\": \"r\", \"config\": " + cfg + "}",               // NaN
                "version: 8\nrequestId: r\nconfig: x",                                              // YAML, not JSON
                "{\"version\": 8, \"requestId\": \"r\", \"config\": " + "[".repeat(40) + "]".repeat(40) + "}")) { // too deep
            Map<String, Object> ack = push(bad);
            assertRejected(ack, "", "not valid JSON");
            assertNull(ack.get("version"), bad);
        }
        assertTrue(gw.applied.isEmpty(), "nothing applied");
        assertEquals(0, push.running());
    }

    @Test
    void aPayloadThatIsNotAnObjectIsRefused() {
        assertRejected(push("[1, 2]"), "", "expected a JSON object");
        assertRejected(push("\"config\""), "", "expected a JSON object");
    }

    @Test
    void theVersionMustBeAPositiveWholeNumber() {
        assertRejected(push("{\"requestId\": \"r\", \"config\": \"x: 1\"}"), "version", "is required");
        assertRejected(push(envelopeRaw("\"8\"", "r", quoted(demo))), "version", "must be a positive whole number, got a string");
        assertRejected(push(envelopeRaw("8.5", "r", quoted(demo))), "version", "positive whole number");
        assertRejected(push(envelopeRaw("0", "r", quoted(demo))), "version", "positive whole number");
        assertRejected(push(envelopeRaw("-3", "r", quoted(demo))), "version", "positive whole number");
        assertRejected(push(envelopeRaw("true", "r", quoted(demo))), "version", "positive whole number");
        assertRejected(push(envelopeRaw("123456789012345678901234567890", "r", quoted(demo))), "", "outside the 64-bit range");
        assertRejected(push(envelopeRaw("1e1", "r", quoted(demo))), "version", "positive whole number");
        assertTrue(gw.applied.isEmpty());
    }

    @Test
    void unknownFieldsAndWrongTypesAreRefusedButTheIdsThatCouldBeReadComeBack() {
        Map<String, Object> ack = push("{\"version\": 8, \"requestId\": \"r-9\", \"config\": " + quoted(demo) + ", \"force\": true}");
        assertRejected(ack, "force", "unknown field");
        assertEquals("r-9", ack.get("requestId"));
        assertEquals(8L, ack.get("version"));
        Map<String, Object> badId = push("{\"version\": 8, \"requestId\": 17, \"config\": " + quoted(demo) + "}");
        assertRejected(badId, "requestId", "must be a string");
        assertNull(badId.get("requestId"));
        assertRejected(push("{\"version\": 8, \"requestId\": \"r\"}"), "config", "is required");
        assertRejected(push("{\"version\": 8, \"requestId\": \"r\", \"config\": 42}"), "config", "YAML text or a JSON object");
        assertRejected(push("{\"version\": 8, \"requestId\": \"r\", \"config\": \"  \"}"), "config", "is empty");
        assertTrue(gw.applied.isEmpty());
    }

    @Test
    void oversizeAndNonUtf8PayloadsAreRefused() {
        byte[] big = ("{\"version\": 8, \"config\": \"" + "#".repeat(ConfigEnvelope.MAX_BYTES) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertRejected(ack(push.handle(big)), "", "the limit is 262144");
        assertRejected(ack(push.handle(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'})), "", "not UTF-8");
    }

    @Test
    void olderOrEqualVersionsAreRefused() {
        assertEquals("applied", push(envelope(7, "a", demo)).get("status"));
        Map<String, Object> same = push(envelope(7, "b", demo));
        assertRejected(same, "version", "version 7 is not newer than the running version 7");
        assertEquals(7L, same.get("running"));
        assertRejected(push(envelope(6, "c", demo)), "version", "version 6 is not newer than the running version 7");
        assertEquals(1, gw.applied.size());
        assertEquals("applied", push(envelope(9, "d", demo)).get("status"), "gaps are fine");
    }

    @Test
    void theRunningVersionAtStartCountsForOrdering() {
        ConfigPush started = new ConfigPush(gw, versions, alarms, 12, Instant::now);
        assertRejected(ack(started.handle(bytes(envelope(12, "r", demo)))), "version", "not newer than the running version 12");
    }

    @Test
    void everyConfigErrorIsReported() {
        String bad = demo.replace("fxs4: { extension: \"6003\", name: \"Lobby\" }", "fxs4: { extension: \"60x3\" }")
                .replaceFirst("digit-map: \"[^\"]*\"", "digit-map: \"[6-\"")
                .replace("first-digit-timeout: 10s", "first-digit-timout: 10s");
        Map<String, Object> ack = push(envelope(8, "r", bad));
        assertRejected(ack, "lines.fxs4.extension", "");
        assertRejected(ack, "dial-plan.digit-map", "");
        assertRejected(ack, "dial-plan.first-digit-timout", "did you mean 'first-digit-timeout'");
        assertEquals(0L, ack.get("running"));
        assertTrue(gw.applied.isEmpty());
        assertTrue(versions.versions().isEmpty(), "a refused config is not stored");
    }

    @Test
    void aConfigThatLeavesAnFxsPortWithoutALineIsRefused() {
        String bad = demo.replace("  fxs4: { extension: \"6003\", name: \"Lobby\" }\n", "");
        assertRejected(push(envelope(8, "r", bad)), "lines.fxs4", "has no line");
    }

    @Test
    void yamlSyntaxErrorsAreRefused() {
        assertRejected(push(envelope(8, "r", "site: [unclosed\n")), "", "YAML syntax error");
    }

    @Test
    void identityAndTheControllerSectionCannotBeChanged() {
        assertRejected(push(envelope(8, "r", demo.replace("gateway-id: gw-demo", "gateway-id: gw-other"))),
                "gateway-id", "cannot be changed");
        assertRejected(push(envelope(8, "r", demo.replace("site: demo-branch", "site: elsewhere"))), "site", "cannot be changed");
        assertRejected(push(envelope(8, "r", StubGateway.demoTextUnchecked())), "controller", "must keep a controller section");
        assertTrue(gw.applied.isEmpty());
    }

    @Test
    void aFailedApplyChangesNothing() {
        gw.failApplyWith = List.of(new ConfigError("apply", "lines.fxs1", "could not renumber"));
        Map<String, Object> ack = push(envelope(8, "r", demo));
        assertRejected(ack, "lines.fxs1", "could not renumber");
        assertEquals(0, push.running());
        assertTrue(versions.versions().isEmpty());
    }

    @Test
    void configRejectedAlarmIsRaisedOnRejectAndClearedOnTheNextSuccess() {
        push("nonsense {");
        assertTrue(alarms.isRaised(Alarms.CONFIG_REJECTED));
        assertEquals(Alarms.Severity.MINOR, alarms.get(Alarms.CONFIG_REJECTED).severity());
        push(envelope(2, "r", demo));
        assertFalse(alarms.isRaised(Alarms.CONFIG_REJECTED));
    }

    @Test
    void onlyTheNewestKeepConfigsVersionsAreKept() {
        String keep3 = demo.replace("controller: { url: \"tcp://127.0.0.1:1883\" }", "controller: { url: \"tcp://127.0.0.1:1883\", keep-configs: 3 }");
        for (int v = 1; v <= 6; v++) assertEquals("applied", push(envelope(v, "r" + v, keep3)).get("status"));
        assertEquals(List.of(6L, 5L, 4L), versions.versions());
    }

    @Test
    void aRetainedCopyOfTheRunningVersionIsIgnoredSilently() {
        push(envelope(4, "r", demo));
        assertNull(push.handle(bytes(envelope(4, "r", demo)), true));
        assertFalse(alarms.isRaised(Alarms.CONFIG_REJECTED));
    }

    // ---- helpers ---------------------------------------------------------------------------

    private Map<String, Object> push(String payload) { return ack(push.handle(bytes(payload))); }

    /** The ack as the controller would read it (written and parsed back). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> ack(Map<String, Object> ack) {
        return (Map<String, Object>) Json.parse(Json.write(ack));
    }

    /** A config/set payload as a controller sends it. */
    public static String envelope(long version, String requestId, String yaml) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", version);
        m.put("requestId", requestId);
        m.put("config", yaml);
        return Json.write(m);
    }

    private static String envelopeRaw(String version, String requestId, String config) {
        return "{\"version\": " + version + ", \"requestId\": \"" + requestId + "\", \"config\": " + config + "}";
    }

    private static String quoted(String s) { return Json.write(s); }

    private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    @SuppressWarnings("unchecked")
    static void assertRejected(Map<String, Object> ack, String field, String fragment) {
        assertEquals("rejected", ack.get("status"), () -> "rejected: " + ack);
        List<Map<String, Object>> errors = (List<Map<String, Object>>) ack.get("errors");
        boolean found = errors.stream().anyMatch(e -> field.equals(e.get("field")) && String.valueOf(e.get("message")).contains(fragment));
        assertTrue(found, () -> "expected " + field + ": ..." + fragment + "... in\n"
                + errors.stream().map(Object::toString).collect(Collectors.joining("\n")));
    }
}
