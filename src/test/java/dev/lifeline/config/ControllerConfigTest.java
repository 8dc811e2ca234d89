package dev.lifeline.config;

import static dev.lifeline.config.ConfigTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The controller section's link settings and the journal limit of storage. */
class ControllerConfigTest {
    @Test
    void defaultsWhenOnlyTheUrlIsGiven() throws Exception {
        SiteConfig c = ConfigLoader.loadSite(MINIMAL + "controller: { url: \"tcp://127.0.0.1:1883\" }\n", "c.yaml", simBoard());
        ControllerConfig cc = c.controller();
        assertEquals(30_000, cc.keepaliveMs());
        assertEquals(500, cc.cdrBatch());
        assertEquals(5, cc.keepConfigs());
        assertNull(cc.caFile());
        assertFalse(cc.tls());
        assertEquals(200_000, c.storage().cdrJournalLimit());
    }

    @Test
    void everyKeyParses() throws Exception {
        Path ca = Files.createTempFile("ca", ".pem");
        SiteConfig c = ConfigLoader.loadSite(MINIMAL + """
                controller:
                  url: ssl://broker.example:8883
                  username: gw1
                  password: s3cret
                  ca-file: %s
                  keepalive: 10s
                  cdr-batch: 100
                  keep-configs: 3
                storage: { cdr-journal-limit: 5000 }
                """.formatted(ca), "c.yaml", simBoard());
        ControllerConfig cc = c.controller();
        assertEquals(ca.toString(), cc.caFile());
        assertEquals(10_000, cc.keepaliveMs());
        assertEquals(100, cc.cdrBatch());
        assertEquals(3, cc.keepConfigs());
        assertTrue(cc.tls());
        assertFalse(cc.toString().contains("s3cret"));
        assertEquals(5000, c.storage().cdrJournalLimit());
    }

    @Test
    void badValuesAndUnknownKeysAreRefused() throws Exception {
        List<ConfigError> errors = errors(() -> ConfigLoader.loadSite(MINIMAL + """
                controller:
                  url: tcp://127.0.0.1:1883
                  ca-file: /etc/ssl/ca.pem
                  keepalive: 1s
                  cdr-batch: 501
                  keep-configs: 0
                  keep-alive: 30s
                storage: { cdr-journal-limt: 10 }
                """, "c.yaml", simBoard()));
        assertHas(errors, "c.yaml", "controller.ca-file", "only applies to ssl://");
        assertHas(errors, "c.yaml", "controller.keepalive", "between 5s and 1h");
        assertHas(errors, "c.yaml", "controller.cdr-batch", "between 1 and 500");
        assertHas(errors, "c.yaml", "controller.keep-configs", "between 1 and 100");
        assertHas(errors, "c.yaml", "controller.keep-alive", "did you mean 'keepalive'");
        assertHas(errors, "c.yaml", "storage.cdr-journal-limt", "did you mean 'cdr-journal-limit'");
    }

    @Test
    void aMissingCaFileIsRefused() throws Exception {
        List<ConfigError> errors = errors(() -> ConfigLoader.loadSite(MINIMAL
                + "controller: { url: \"ssl://b.example:8883\", ca-file: /nonexistent/ca.pem }\n", "c.yaml", simBoard()));
        assertHas(errors, "c.yaml", "controller.ca-file", "cannot read CA file /nonexistent/ca.pem");
    }
}
