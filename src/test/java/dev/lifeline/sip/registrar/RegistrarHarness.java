package dev.lifeline.sip.registrar;

import dev.lifeline.config.Ha1;
import dev.lifeline.config.SipConfig;
import dev.lifeline.config.SipUser;
import dev.lifeline.sip.FreePorts;
import dev.lifeline.sip.SipHost;
import dev.lifeline.store.Database;
import dev.lifeline.util.Clock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A real registrar on a free loopback port: SipHost + Registrar + LocationStore on a SQLite file. */
public final class RegistrarHarness implements AutoCloseable {
    static final String REALM = "lifeline-test";

    final Database db;
    final LocationStore store;
    final Registrar registrar;
    final SipHost host;
    final int port;
    final AuthThrottle throttle;

    RegistrarHarness(Path dbFile, Clock clock, long sweepMs, int authFailures) throws Exception {
        this(dbFile, clock, sweepMs, authFailures, 0);
    }

    RegistrarHarness(Path dbFile, Clock clock, long sweepMs, int authFailures, int fixedPort) throws Exception {
        this(dbFile, clock, sweepMs, authFailures, fixedPort, DigestAuthenticator.DEFAULT_ALGORITHMS);
    }

    /** @param algorithms digest algorithms offered, in order (SIPp reads only the first challenge and knows only MD5) */
    RegistrarHarness(Path dbFile, Clock clock, long sweepMs, int authFailures, int fixedPort, List<String> algorithms)
            throws Exception {
        port = fixedPort > 0 ? fixedPort : FreePorts.udpAndTcp();
        SipConfig cfg = config(port, authFailures);
        db = Database.open(dbFile);
        store = new LocationStore(db, clock, sweepMs);
        throttle = new AuthThrottle(cfg.authFailures(), cfg.authWindowMs(), cfg.authBlockMs(), clock);
        registrar = new Registrar(cfg, users(REALM), store, new DigestAuthenticator(clock, DigestAuthenticator.DEFAULT_NONCE_TTL_MS,
                algorithms), throttle, clock);
        host = new SipHost("127.0.0.1", port, 8);
        registrar.attach(host);
        host.start();
    }

    static SipConfig config(int port, int authFailures) {
        return new SipConfig("127.0.0.1", port, port, REALM, 60, 3600, 3600, authFailures, 60_000, 300_000);
    }

    /** Demo users 7000..7009 with passwords lifeline7000..lifeline7009. */
    public static List<SipUser> users(String realm) {
        List<SipUser> out = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String ext = String.valueOf(7000 + i);
            String pw = "lifeline" + ext;
            out.add(new SipUser(ext, "Phone " + ext, ext, Ha1.md5(ext, realm, pw), Ha1.sha256(ext, realm, pw)));
        }
        return out;
    }

    @Override
    public void close() {
        host.close();
        store.close();
        db.close();
    }
}
