package dev.lifeline.app.ctl;

/**
 * Where the broker is and who the controller is there.
 *
 * @param url      {@code tcp://host:1883}, {@code ssl://host:8883} (JVM trust store), {@code ws://}, {@code wss://}
 * @param username or null for an anonymous broker
 * @param password or null; never printed (see {@link #toString()})
 */
public record BrokerLogin(String url, String username, String password) {
    public static BrokerLogin anonymous(String url) { return new BrokerLogin(url, null, null); }

    @Override
    public String toString() {
        return url + (username == null ? "" : " as " + username) + (password == null ? "" : " (password set)");
    }
}
