package dev.lifeline.sip;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/** Which address to put in Via, Contact and SDP when the stack listens on every interface. */
public final class Addresses {
    private Addresses() {}

    public static String advertised(String listenHost) {
        if (!listenHost.equals("0.0.0.0") && !listenHost.equals("::")) return listenHost;
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) continue;
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLinkLocalAddress()) return a.getHostAddress();
                }
            }
        } catch (SocketException ignored) {
            // fall back to loopback
        }
        return "127.0.0.1";
    }
}
