package dev.lifeline.app.ctl;

import java.util.List;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * {@code lifeline ctl}: the reference central controller (issue #5, docs/controller-protocol.md).
 * Each subcommand is a small MQTT client; {@code collect} runs until SIGTERM.
 *
 * <p>Exit codes: 0 done (config applied, command ok); 1 no answer in time or broker unreachable;
 * 2 the gateway refused (config rejected, command error); 64 bad command line.
 */
public final class CtlMain {
    private CtlMain() {}

    public static final int OK = 0, NO_ANSWER = 1, REFUSED = 2, USAGE = 64;

    public static final String USAGE_TEXT = """
            usage: lifeline ctl <command> [options]        (the reference controller; docs/controller-protocol.md)
              push    --site S --gateway G --version N FILE.yaml [--timeout 10s]
                                                     push a whole site config, print the ack
              collect --db FILE [--site S] [--gateway G|+] [--client-id ID]
                                                     store CDRs, statuses and alarms; ack CDRs; until SIGTERM
              status  [--site S] [--gateway G] [--json]  retained statuses of the gateways
              alarms  [--site S] [--gateway G] [--json]  active alarms (from the statuses)
              alarms  --db FILE [--gateway G] [--limit N] [--json]   alarm history stored by collect
              cmd     --site S --gateway G force-mode survival|normal|auto | resync-cdrs | reboot [--timeout 10s]
              cmd     --site S --gateway G upgrade URL --sha256 HEX [--size BYTES] [--wait 15m]
                                                     signed firmware image; --wait: until done/failed
              cdrs    --db FILE [--gateway G] [--limit N] [--json]   CDRs stored by collect
            common: --broker URL (default tcp://127.0.0.1:1883), --username U,
                    --password-file FILE (or env LIFELINE_MQTT_PASSWORD)
            exit: 0 ok/applied, 1 no answer in time or no broker, 2 rejected/error, 64 usage
            """;

    /** Runs {@code lifeline ctl ARGS...}; returns the exit code. */
    public static int run(List<String> args) {
        if (args.isEmpty() || List.of("-h", "--help", "help").contains(args.get(0))) {
            System.out.print(USAGE_TEXT);
            return args.isEmpty() ? USAGE : OK;
        }
        String cmd = args.get(0);
        try {
            CtlArgs a = CtlArgs.parse(args.subList(1, args.size()));
            return switch (cmd) {
                case "push" -> RequestCommands.push(a);
                case "cmd" -> RequestCommands.cmd(a);
                case "collect" -> CollectCommand.run(a);
                case "status" -> ViewCommands.status(a);
                case "alarms" -> ViewCommands.alarms(a);
                case "cdrs" -> ViewCommands.cdrs(a);
                default -> throw new IllegalArgumentException("unknown command '" + cmd + "'");
            };
        } catch (IllegalArgumentException e) {
            System.err.println("lifeline ctl: " + e.getMessage() + "\n" + USAGE_TEXT);
            return USAGE;
        } catch (MqttException e) {
            System.err.println("lifeline ctl: broker: " + describe(e));
            return NO_ANSWER;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return NO_ANSWER;
        }
    }

    /** Paho's messages are terse ("Unable to connect to server"); add the cause. */
    static String describe(MqttException e) {
        String m = e.getMessage();
        if (e.getCause() != null && e.getCause().getMessage() != null) m += " (" + e.getCause().getMessage() + ")";
        return m;
    }
}
