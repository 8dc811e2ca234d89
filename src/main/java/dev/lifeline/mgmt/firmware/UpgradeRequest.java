package dev.lifeline.mgmt.firmware;

import java.net.URI;

/**
 * An order to upgrade.
 *
 * @param channel    {@code cwmp} or {@code mqtt}: who gets the report
 * @param commandKey the Download's CommandKey or the controller's requestId
 * @param url        http:// or https:// URL of a signed image
 * @param auth       answers the file server's challenge, or null
 * @param sha256     the image file's SHA-256 (hex) the order names, or null
 * @param fileSize   the image file's size the order names, or 0
 * @param delayMs    wait this long before starting (TR-069 DelaySeconds)
 */
public record UpgradeRequest(String channel, String commandKey, URI url, HttpAuth auth, String sha256, long fileSize, long delayMs) {
    /** The URL without user info, for logs and reports. */
    public String safeUrl() {
        return url.getUserInfo() == null ? url.toString() : url.toString().replace(url.getRawUserInfo() + "@", "");
    }
}
