package dev.lifeline.mgmt.firmware;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.tinylog.Logger;

/**
 * Fetches a signed image and installs it into the spare slot: download (streamed, bounded),
 * signature, size and hash checked before anything is unpacked, then unpacked by {@link FirmwareSlots#install}.
 * Runs on the caller's thread; {@link Firmware} gives it one.
 */
final class Upgrader {
    /** The largest image accepted: a bundle is ~60 MB; anything far bigger is not ours. */
    static final long MAX_IMAGE_BYTES = 512L << 20;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(30);
    private final FirmwareSlots slots;

    Upgrader(FirmwareSlots slots) {
        this.slots = slots;
    }

    /** Downloads, verifies and installs; returns the installed version. */
    String fetchAndInstall(UpgradeRequest req) throws FirmwareException, IOException {
        List<PublicKey> trusted = SigningKeys.trusted(slots.trustedKeys());
        if (trusted.isEmpty()) {
            throw new FirmwareException(FirmwareException.AUTHENTICATION, "the running firmware has no trusted keys in " + slots.trustedKeys());
        }
        Files.createDirectories(slots.state());
        Path archive = slots.state("download.tar.gz");
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build()) {
            HttpResponse<InputStream> resp = get(http, req);
            if (resp.statusCode() != 200) {
                resp.body().close();
                throw new FirmwareException(FirmwareException.CANNOT_ACCESS, "the file server answered HTTP " + resp.statusCode());
            }
            long declared = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > MAX_IMAGE_BYTES) {
                resp.body().close();
                throw new FirmwareException(FirmwareException.INCOMPLETE, "the image is " + declared + " bytes; the limit is " + MAX_IMAGE_BYTES);
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            FirmwareImage.Manifest m;
            long total;
            try (CountingStream counted = new CountingStream(resp.body(), MAX_IMAGE_BYTES);
                 DigestInputStream in = new DigestInputStream(counted, sha)) {
                m = FirmwareImage.read(in, trusted, archive, MAX_IMAGE_BYTES, slots.arch());
                total = counted.count();
            }
            if (req.fileSize() > 0 && total != req.fileSize()) {
                throw new FirmwareException(FirmwareException.CORRUPTED, "the image is " + total + " bytes; the order says " + req.fileSize());
            }
            String got = HexFormat.of().formatHex(sha.digest());
            if (req.sha256() != null && !req.sha256().equalsIgnoreCase(got)) {
                throw new FirmwareException(FirmwareException.CORRUPTED, "the image's SHA-256 is " + got + "; the order says " + req.sha256());
            }
            Logger.info("firmware: image {} verified ({} bytes, signed); installing into slot {}", m.version(), total, slots.other());
            slots.install(archive);
            return m.version();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FirmwareException(FirmwareException.INCOMPLETE, "interrupted");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            Files.deleteIfExists(archive);
        }
    }

    private static HttpResponse<InputStream> get(HttpClient http, UpgradeRequest req) throws FirmwareException, InterruptedException {
        URI u = req.url();
        try {
            HttpResponse<InputStream> r = http.send(request(u, req.auth()), HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() == 401 && req.auth() != null
                    && r.headers().firstValue("WWW-Authenticate").map(req.auth()::challenge).orElse(false)) {
                r.body().close();
                r = http.send(request(u, req.auth()), HttpResponse.BodyHandlers.ofInputStream());
            }
            return r;
        } catch (ConnectException | HttpTimeoutException e) {
            throw new FirmwareException(FirmwareException.CANNOT_CONTACT, "cannot reach " + u.getHost() + ":" + u.getPort() + " (" + e + ")");
        } catch (IOException e) {
            throw new FirmwareException(FirmwareException.CANNOT_CONTACT, "fetching the image failed: " + e.getMessage());
        }
    }

    private static HttpRequest request(URI u, HttpAuth auth) {
        HttpRequest.Builder b = HttpRequest.newBuilder(u).timeout(READ_TIMEOUT).GET();
        if (auth != null) {
            String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
            if (u.getRawQuery() != null) path += "?" + u.getRawQuery();
            String a = auth.authorization("GET", path);
            if (a != null) b.header("Authorization", a);
        }
        return b.build();
    }

    /** Counts what passes and refuses to pass more than a limit (a server that never stops sending). */
    private static final class CountingStream extends java.io.FilterInputStream {
        private final long limit;
        private long count;

        CountingStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        long count() { return count; }

        @Override public int read() throws IOException {
            int b = super.read();
            if (b >= 0) add(1);
            return b;
        }

        @Override public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) add(n);
            return n;
        }

        private void add(long n) throws IOException {
            count += n;
            if (count > limit + 8192) throw new IOException("the image is over " + limit + " bytes");
        }
    }
}
