package dev.lifeline.sip.registrar;

import dev.lifeline.util.Clock;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts SipHost + Registrar + LocationStore on a port with the demo users 7000..7009
 * (passwords lifeline7000..lifeline7009, realm {@value RegistrarHarness#REALM}, min-expires 60, MD5 challenge first)
 * so REGISTER/s can be measured (test-rigs/bench/register-rate.sh) before the gateway wiring exists.
 *
 * <pre>java -cp target/classes:target/test-classes:target/lib/* dev.lifeline.sip.registrar.RegistrarBenchMain PORT [DB-FILE]</pre>
 * Runs until killed. The database is a real file with synchronous=FULL (default: a temp file).
 */
public final class RegistrarBenchMain {
    private RegistrarBenchMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: RegistrarBenchMain PORT [DB-FILE]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Path db = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("lifeline-bench").resolve("gw.db");
        // MD5 offered first: SIPp 3.6 reads only the first WWW-Authenticate and knows only MD5
        RegistrarHarness rig = new RegistrarHarness(db, Clock.SYSTEM, 1_000, 1000, port, java.util.List.of("MD5", "SHA-256"));
        Runtime.getRuntime().addShutdownHook(new Thread(rig::close));
        System.out.println("registrar listening on 127.0.0.1:" + port + " (udp, tcp), database " + db);
        Thread.currentThread().join();
    }
}
