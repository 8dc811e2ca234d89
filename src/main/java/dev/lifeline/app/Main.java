package dev.lifeline.app;

import java.util.Arrays;
import java.util.List;

/**
 * Entry point of the {@code lifeline} command: {@code run} starts the gateway; the other
 * subcommands are clients of a running gateway's management API.
 */
public final class Main {
    private Main() {}

    static final String USAGE = """
            usage: lifeline <command> [options]
              run [--board NAME|FILE] [--config FILE] [--data DIR]   start the gateway
              status [--json] [--data DIR | --coap URI]             ports with hook/ring/call state
              calls  [--json] [--data DIR | --coap URI]             calls in progress
              registrations [--json] [--data DIR | --coap URI]      SIP phones registered here
              cdr    [--json] [--limit N] [--data DIR | --coap URI] recent call detail records
              unblock SOURCE [USER] [--data DIR | --coap URI]       lift a failed-authentication block (see status)
              hash-password [--stdin] [--iterations N]              a web console password hash for management.http.users
              ctl <push|collect|status|alarms|cmd|cdrs> ...        the reference central controller (ctl --help)
            """;

    public static void main(String[] args) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            System.out.print(USAGE);
            System.exit(args.length == 0 ? 2 : 0);
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (args[0].equals("ctl")) {
            LogSetup.cli();
            System.exit(dev.lifeline.app.ctl.CtlMain.run(rest));
        }
        int rc;
        try {
            if (args[0].equals("unblock")) {
                List<String> positional = rest.stream().takeWhile(s -> !s.startsWith("--")).toList();
                if (positional.isEmpty() || positional.size() > 2) throw new IllegalArgumentException("unblock needs SOURCE [USER]");
                Args a = Args.parse(rest.subList(positional.size(), rest.size()));
                System.exit(ClientCommand.unblock(positional.get(0), positional.size() > 1 ? positional.get(1) : null, a));
            }
            Args a = Args.parse(rest);
            rc = switch (args[0]) {
                case "run" -> RunCommand.run(a);
                case "hash-password" -> HashPasswordCommand.run(a);
                case "status", "calls", "cdr", "registrations" -> ClientCommand.run(args[0], a);
                default -> {
                    System.err.println("lifeline: unknown command '" + args[0] + "'\n" + USAGE);
                    yield 2;
                }
            };
        } catch (IllegalArgumentException e) {
            System.err.println("lifeline: " + e.getMessage() + "\n" + USAGE);
            rc = 2;
        }
        System.exit(rc);
    }
}
