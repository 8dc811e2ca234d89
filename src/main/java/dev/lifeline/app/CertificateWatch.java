package dev.lifeline.app;

import dev.lifeline.config.SiteConfig;
import dev.lifeline.mgmt.controller.Alarms;
import dev.lifeline.util.Pem;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * The certificates the gateway relies on (the controller broker's CA, its own client
 * certificate, the web console's, the CoAP API's and its client CA, SIP over TLS's own and the CA it
 * checks HQ with) and when they expire: shown in {@code status}, and the {@code cert-expiry} alarm
 * raised 30 days before the first expiry (major once expired), so a branch does not lose its
 * controller link on the day a certificate runs out. Checked at start and every 6 hours.
 */
final class CertificateWatch {
    static final String ID = "cert-expiry";
    static final Duration WARN_BEFORE = Duration.ofDays(30);

    /** One certificate: what it is for, its file, subject and end of validity. */
    record Entry(String use, String file, String subject, Instant notAfter) {
        long daysLeft(Instant now) { return Duration.between(now, notAfter).toDays(); }
    }

    private final Supplier<Instant> now;
    private volatile List<Entry> entries = List.of();
    private volatile List<String> unreadable = List.of();
    private Alarms alarms;

    CertificateWatch(Supplier<Instant> now) { this.now = now; }

    /** Reads the site's certificate files again (start, every few hours, after a config push). */
    synchronized void check(SiteConfig site) {
        Map<String, String> files = new LinkedHashMap<>();
        var c = site.controller();
        if (c != null && c.caFile() != null) files.put("controller broker CA", c.caFile());
        if (c != null && c.certFile() != null) files.put("controller client certificate", c.certFile());
        var http = site.management().http();
        if (http != null && http.certFile() != null) files.put("web console certificate", http.certFile());
        var coap = site.management().coapCert();
        if (coap != null) {
            files.put("CoAP API certificate", coap.certFile());
            files.put("CoAP client CA", coap.clientCa());
        }
        var tls = site.sip().tls();
        if (tls != null) files.put("SIP TLS certificate", tls.certFile());
        if (tls != null && tls.caFile() != null) files.put("SIP TLS CA (HQ servers)", tls.caFile());
        List<Entry> out = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        files.forEach((use, file) -> {
            try {
                for (X509Certificate x : Pem.certificates(Path.of(file))) {
                    out.add(new Entry(use, file, x.getSubjectX500Principal().getName(), x.getNotAfter().toInstant()));
                }
            } catch (java.io.IOException e) {
                bad.add(use + " " + file + ": " + e.getMessage());
            }
        });
        entries = List.copyOf(out);
        unreadable = List.copyOf(bad);
        publish();
    }

    synchronized void attach(Alarms target) {
        alarms = target;
        publish();
    }

    List<Entry> entries() { return entries; }

    /** The alarm text, or null when nothing expires within 30 days. */
    String alarmText() {
        Instant t = now.get();
        List<String> parts = new ArrayList<>();
        for (Entry e : entries) {
            if (e.notAfter().isBefore(t)) parts.add(e.use() + " (" + e.subject() + ") EXPIRED on " + e.notAfter());
            else if (e.notAfter().isBefore(t.plus(WARN_BEFORE))) parts.add(e.use() + " (" + e.subject() + ") expires in " + e.daysLeft(t) + " days, " + e.notAfter());
        }
        parts.addAll(unreadable);
        return parts.isEmpty() ? null : String.join("; ", parts);
    }

    boolean expired() { return entries.stream().anyMatch(e -> e.notAfter().isBefore(now.get())) || !unreadable.isEmpty(); }

    private void publish() {
        String text = alarmText();
        if (text != null) Logger.warn("certificates: {}", text);
        if (alarms == null) return;
        if (text == null) alarms.clear(ID, "no certificate expires within 30 days");
        else alarms.raise(ID, expired() ? Alarms.Severity.MAJOR : Alarms.Severity.MINOR, text);
    }

    /** For {@code status}: every certificate with its expiry and days left. */
    List<Map<String, Object>> status() {
        Instant t = now.get();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Entry e : entries) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("use", e.use());
            m.put("file", e.file());
            m.put("subject", e.subject());
            m.put("notAfter", e.notAfter().toString());
            m.put("daysLeft", e.daysLeft(t));
            out.add(m);
        }
        return out;
    }

    /** The alarm as the local status shows it. */
    List<Map<String, Object>> active() {
        String text = alarmText();
        if (text == null) return List.of();
        return List.of(LocalAlarm.of(ID, expired() ? "major" : "minor", text));
    }
}
