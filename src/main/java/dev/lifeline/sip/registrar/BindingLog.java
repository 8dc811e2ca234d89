package dev.lifeline.sip.registrar;

import org.tinylog.Logger;

/**
 * One log line per committed binding change: AOR, contact host and expiry. Deliberately not the
 * full contact, the Call-ID or anything from the Authorization header: the log leaves the box
 * (support bundles) and must never carry credentials.
 */
final class BindingLog implements LocationListener {
    private final LocationStore store;

    BindingLog(LocationStore store) { this.store = store; }

    @Override public void inserted(Binding b) { line("registered", b); }
    @Override public void updated(Binding b) { line("refreshed", b); }
    @Override public void deleted(Binding b) { Logger.info("registrar: {} unregistered contact at {}", b.aor(), hostOf(b.contact())); }
    @Override public void expired(Binding b) { Logger.info("registrar: {} contact at {} expired", b.aor(), hostOf(b.contact())); }

    /** A refresh changes nothing a person needs to see (and a storm would flood the log): debug level. */
    private void line(String what, Binding b) {
        if (what.equals("refreshed")) {
            if (Logger.isDebugEnabled()) {
                Logger.debug("registrar: {} refreshed contact at {} (from {} over {}), expires in {} s", b.aor(),
                        hostOf(b.contact()), b.received(), b.transport(), b.remainingSeconds(store.nowMs()));
            }
            return;
        }
        Logger.info("registrar: {} {} contact at {} (from {} over {}{}), expires in {} s", b.aor(), what, hostOf(b.contact()),
                b.received(), b.transport(), b.shadow() ? ", shadow of the binding at HQ" : "", b.remainingSeconds(store.nowMs()));
    }

    /** The host[:port] part of a SIP URI, printable characters only. */
    static String hostOf(String uri) {
        String s = uri;
        int at = s.indexOf('@');
        if (at >= 0) s = s.substring(at + 1);
        else if (s.indexOf(':') >= 0) s = s.substring(s.indexOf(':') + 1);
        int end = s.length();
        for (char c : new char[] {';', '>', '?'}) {
            int i = s.indexOf(c);
            if (i >= 0 && i < end) end = i;
        }
        return printable(s.substring(0, end));
    }

    /** Strips control characters (no log injection through header values) and caps the length. */
    static String printable(String s) {
        if (s == null) return "-";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 80; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }
}
