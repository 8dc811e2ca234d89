package dev.lifeline.app.ctl;

import dev.lifeline.util.Json;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.eclipse.paho.mqttv5.common.MqttException;

/** {@code ctl push} and {@code ctl cmd}: publish one request, print the gateway's ack. */
final class RequestCommands {
    private RequestCommands() {}

    static int push(CtlArgs a) throws MqttException, InterruptedException {
        if (a.words().size() != 1) throw new IllegalArgumentException("push needs exactly one config file");
        String site = a.required("site"), gw = a.required("gateway");
        long version = a.number("version", -1);
        if (version < 1) throw new IllegalArgumentException("--version N (a positive whole number above the running one) is required");
        Path file = Path.of(a.words().get(0));
        Object config = readConfig(file);
        Duration timeout = a.duration("timeout", "10s");
        try (Controller c = Controller.connect(a.login())) {
            long t0 = System.nanoTime();
            ConfigAck ack = c.push(site, gw, version, config, timeout);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (a.flag("json")) {
                System.out.println(ack.json());
            } else if (ack.applied()) {
                System.out.printf("%s/%s: config version %d applied (running %s; %s ms on the gateway, %d ms round trip)%n",
                        site, gw, version, ack.running(), ack.appliedMs(), ms);
                if (!ack.restartRequired().isEmpty()) {
                    System.out.println("takes effect after a restart: " + String.join(", ", ack.restartRequired()));
                }
            } else {
                System.out.printf("%s/%s: config version %d %s (running %s)%n", site, gw, version, ack.status(), ack.running());
                ack.errors().forEach(e -> System.out.println(e));
            }
            return ack.applied() ? CtlMain.OK : CtlMain.REFUSED;
        } catch (TimeoutException e) {
            System.err.printf("lifeline ctl: no config/ack from %s/%s within %s (is it online? see: lifeline ctl status)%n",
                    site, gw, a.get("timeout", "10s"));
            return CtlMain.NO_ANSWER;
        }
    }

    /** YAML (or JSON) text is sent as a string; a {@code .json} file is sent as a JSON object. */
    private static Object readConfig(Path file) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
        if (file.toString().endsWith(".json")) return Json.object(text);
        return text;
    }

    static int cmd(CtlArgs a) throws MqttException, InterruptedException {
        String site = a.required("site"), gw = a.required("gateway");
        if (a.words().isEmpty()) throw new IllegalArgumentException("cmd needs a command: force-mode MODE | resync-cdrs | reboot | upgrade URL");
        String command = a.words().get(0);
        if (command.equals("upgrade")) return upgrade(a, site, gw);
        Map<String, Object> args = switch (command) {
            case "force-mode" -> {
                if (a.words().size() != 2 || !java.util.Set.of("survival", "normal", "auto").contains(a.words().get(1))) {
                    throw new IllegalArgumentException("force-mode needs one of survival, normal, auto");
                }
                yield Map.of("mode", a.words().get(1));
            }
            case "resync-cdrs", "reboot" -> {
                if (a.words().size() != 1) throw new IllegalArgumentException(command + " takes no argument");
                yield Map.of();
            }
            default -> throw new IllegalArgumentException("unknown gateway command '" + command + "'");
        };
        try (Controller c = Controller.connect(a.login())) {
            CmdAck ack = c.command(site, gw, command, args, a.duration("timeout", "10s"));
            if (a.flag("json")) {
                System.out.println(ack.json());
            } else {
                System.out.printf("%s/%s: %s %s%s%n", site, gw, String.join(" ", a.words()), ack.status(),
                        ack.message() == null ? "" : ": " + ack.message());
            }
            return ack.ok() ? CtlMain.OK : CtlMain.REFUSED;
        } catch (TimeoutException e) {
            System.err.printf("lifeline ctl: no cmd/ack from %s/%s within %s (is it online? see: lifeline ctl status)%n",
                    site, gw, a.get("timeout", "10s"));
            return CtlMain.NO_ANSWER;
        }
    }

    /**
     * {@code cmd upgrade URL --sha256 HEX [--size N] [--wait 15m]}: the gateway acks at once
     * (downloading) and reports the outcome later; {@code --wait} stays for it.
     */
    private static int upgrade(CtlArgs a, String site, String gw) throws MqttException, InterruptedException {
        if (a.words().size() != 2) throw new IllegalArgumentException("upgrade needs the image's URL (http or https)");
        String url = a.words().get(1);
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new IllegalArgumentException("upgrade URL must be http:// or https://, got '" + url + "'");
        }
        String sha = a.required("sha256").toLowerCase(java.util.Locale.ROOT);
        if (!sha.matches("[0-9a-f]{64}")) throw new IllegalArgumentException("--sha256 must be 64 hex digits (the image file's SHA-256)");
        Map<String, Object> args = new java.util.LinkedHashMap<>();
        args.put("url", url);
        args.put("sha256", sha);
        long size = a.number("size", -1);
        if (size == 0 || size < -1) throw new IllegalArgumentException("--size must be the image's size in bytes");
        if (size > 0) args.put("size", size);
        Duration wait = a.duration("wait", "0s");
        try (Controller c = Controller.connect(a.login())) {
            java.util.List<CmdAck> acks = c.upgrade(site, gw, args, a.duration("timeout", "10s"), wait);
            for (CmdAck ack : acks) {
                if (a.flag("json")) {
                    System.out.println(ack.json());
                } else {
                    Object fault = dev.lifeline.util.Json.object(ack.json()).get("faultCode");
                    System.out.printf("%s/%s: upgrade %s%s%s%n", site, gw, ack.status(), ack.message() == null ? "" : ": " + ack.message(),
                            fault instanceof Number n && n.longValue() != 0 ? " (fault " + n.longValue() + ")" : "");
                }
            }
            CmdAck last = acks.get(acks.size() - 1);
            if (!last.ok() && !"done".equals(last.status())) return CtlMain.REFUSED;
            if (!wait.isZero() && acks.size() == 1) {
                System.err.printf("lifeline ctl: no upgrade outcome from %s/%s within %s%n", site, gw, a.get("wait", "0s"));
                return CtlMain.NO_ANSWER;
            }
            return CtlMain.OK;
        } catch (TimeoutException e) {
            System.err.printf("lifeline ctl: no cmd/ack from %s/%s within %s (is it online? see: lifeline ctl status)%n",
                    site, gw, a.get("timeout", "10s"));
            return CtlMain.NO_ANSWER;
        }
    }
}
