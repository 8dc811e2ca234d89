package dev.lifeline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openqa.selenium.support.ui.ExpectedConditions.presenceOfElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBe;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import dev.lifeline.rig.phone.ToneKind;
import dev.lifeline.rig.phone.VirtualPhone;
import dev.lifeline.sip.FreePorts;
import dev.lifeline.survival.Mode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * Issue #16's web console in a real headless browser (chromium via Selenium) against a real
 * gateway on the WAN-cut rig with Kamailio as HQ (as {@link SurvivabilityE2ETest}): a wrong
 * password is refused; the admin logs in, sees the lines registered at HQ and SIP phone 7000's
 * shadow binding, and watches the banner go from NORMAL to SURVIVAL when
 * the WAN is cut, without a reload (the live view); two virtual analog phones talk and the call
 * shows in the calls view; the CDR is found by number and its CSV downloaded with the session
 * cookie; the 24-hour chart shows the survival period; the admin holds NORMAL and releases it and
 * lifts a block; a staff user sees everything but gets 403 on the actions. Screenshots of each
 * view go to target/web-screenshots/ (docs/web/ has a copy).
 */
@Tag("e2e")
@Tag("serial") // a headless browser loads both cores
class WebConsoleE2ETest {
    private static final Path SHOTS = TestGateway.HOME.resolve("target/web-screenshots");
    private static final Duration S5 = Duration.ofSeconds(5);

    @Test
    void staffAndAdminFollowTheBranchThroughAWanCutInTheBrowser(@TempDir Path tmp) throws Exception {
        Peers.requireKamailio();
        int sipPort = FreePorts.udpAndTcp();
        try (WanRig rig = WanRig.start(sipPort)) {
            rig.startKamailio(TestGateway.HOME.resolve("test-rigs/hq/kamailio-hq.cfg"), tmp, tmp.resolve("kamailio.log"),
                    "-A", "REALM=\"demo-branch\""); // HQ answers the branch phones' digest, as in SurvivabilityE2ETest
            // the demo site with the lines' HQ identities (they register at Kamailio) on the rig, 5 s hold-down
            UnaryOperator<String> site = s -> RegisterViaHqE2ETest.site(rig, 5, 60).apply(UpstreamE2ETest.viaHq(s));
            try (TestGateway gw = TestGateway.start("demo.yaml", site, sipPort);
                 Browser b = Browser.start(tmp.resolve("chromium"), SHOTS)) {
                String url = Files.readString(gw.dataDir().resolve("run/http.uri")).strip();
                assertTrue(url.startsWith("http://127.0.0.1:") && url.endsWith("/"), "run/http.uri: " + url);
                assertEquals(url, gw.gateway().httpUri());

                // ---- login: a wrong password is refused ------------------------------------------
                b.open(url);
                b.await("the login form", visibilityOfElementLocated(By.id("login-form")));
                b.screenshot("01-login");
                b.type("#login-name", "admin");
                b.type("#login-password", "not-the-password");
                b.click("#login-submit");
                b.await("the refusal", textToBe(By.id("login-error"), "Wrong name or password."));
                assertFalse(b.find("#app").isDisplayed(), "nothing shown after a wrong password");

                b.type("#login-name", "admin");
                b.type("#login-password", "lifeline-admin");
                b.click("#login-submit");
                b.await("the NORMAL banner", textToBe(By.id("banner-mode"), "NORMAL"));
                assertTrue(b.find("a[data-tab=admin]").isDisplayed(), "an admin sees the actions");
                b.js("window.__sameDocument = 42;"); // survives only if the page is never reloaded

                // ---- registrations: the lines at HQ, and phone 7000's shadow binding ---------------
                RegisterViaHqE2ETest.awaitMode(gw, Mode.NORMAL, 5_000);
                UpstreamE2ETest.awaitRegistered(gw, 4);
                RegisterViaHqE2ETest.register(rig, sipPort, "7000", FreePorts.udpAndTcp());
                b.click("a[data-tab=registrations]");
                b.await("7000's shadow binding", textToBePresentInElementLocated(By.id("regs-local"), "hq"));
                b.await("the lines at HQ", textToBePresentInElementLocated(By.id("regs-up"), "REGISTERED"));
                assertTrue(b.text("#regs-local").contains("7000"), b.text("#regs-local"));
                assertTrue(b.text("#regs-up").contains("sip:6001@"), b.text("#regs-up"));
                assertFalse(b.driver().getPageSource().contains("lifeline600"), "no line password on the page");
                b.screenshot("06-registrations");
                b.click("a[data-tab=overview]");
                b.await("the overview again", visibilityOfElementLocated(By.id("ports")));
                b.screenshot("02-overview-normal");

                // ---- the WAN is cut: the banner turns to SURVIVAL by itself ------------------------
                rig.cut();
                b.await("the SURVIVAL banner", textToBe(By.id("banner-mode"), "SURVIVAL"));
                assertTrue(b.text("#banner-meaning").contains("Calls to HQ are unavailable; local and PSTN calls work"),
                        b.text("#banner-meaning"));
                assertTrue(b.find("#banner").getAttribute("class").contains("mode-SURVIVAL"));
                assertEquals(42L, b.js("return window.__sameDocument;"), "live update, no reload");

                // ---- two analog phones talk: the call is in the calls view ------------------------
                VirtualPhone fxs1 = gw.phone("fxs1");
                VirtualPhone fxs2 = gw.phone("fxs2");
                fxs1.offHook();
                assertTrue(fxs1.awaitTone(ToneKind.STUTTER_DIAL, Duration.ofSeconds(3)), "stutter dial tone in survival");
                fxs1.dialDtmf("6001");
                assertTrue(fxs2.awaitRinging(S5), "fxs2 rings");
                fxs2.offHook();
                b.await("fxs1 off hook in the ports view", textToBePresentInElementLocated(By.id("ports"), "off hook"));
                b.screenshot("03-overview-survival");
                b.click("a[data-tab=calls]");
                b.await("the connected call", textToBePresentInElementLocated(By.id("calls"), "CONNECTED"));
                String calls = b.text("#calls");
                assertTrue(calls.contains("fxs1 (6000)") && calls.contains("fxs2 (6001)") && calls.contains("talking"), calls);
                assertEquals("1", b.text("#calls-count"));
                b.screenshot("04-calls");
                fxs1.onHook();
                fxs2.onHook();
                b.await("the call gone", textToBePresentInElementLocated(By.id("calls"), "No calls in progress."));
                assertEquals(1, gw.awaitCdrs(1, S5).size(), "the call's CDR is written");

                // ---- CDR search and the CSV download ----------------------------------------------
                b.click("a[data-tab=cdrs]");
                b.type("#cdr-number", "6001");
                b.click("#cdr-search");
                b.await("the CDR found", textToBePresentInElementLocated(By.id("cdr-summary"), "1 call record(s)"));
                String cdrs = b.text("#cdrs");
                assertTrue(cdrs.contains("6000") && cdrs.contains("6001") && cdrs.contains("survival"), cdrs);
                b.type("#cdr-number", "5559999");
                b.click("#cdr-search");
                b.await("no match", textToBePresentInElementLocated(By.id("cdrs"), "No call record matches."));
                b.type("#cdr-number", "6001");
                b.click("#cdr-search");
                b.await("the CDR again", textToBePresentInElementLocated(By.id("cdr-summary"), "1 call record(s)"));
                b.screenshot("05-cdrs");
                String csvUrl = b.find("#cdr-csv").getAttribute("href");
                assertTrue(csvUrl.startsWith(url + "api/cdrs.csv?number=6001"), csvUrl);
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                HttpResponse<String> csv = http.send(HttpRequest.newBuilder(URI.create(csvUrl))
                        .header("Cookie", "lifeline_session=" + b.cookie("lifeline_session")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, csv.statusCode(), csv.body());
                assertTrue(csv.headers().firstValue("Content-Type").orElseThrow().startsWith("text/csv"));
                List<String> lines = csv.body().lines().toList();
                assertEquals(2, lines.size(), csv.body());
                assertTrue(lines.get(0).startsWith("seq,start,answer,end,direction,calling_number,"), lines.get(0));
                assertTrue(lines.get(1).contains(",6000,") && lines.get(1).contains(",6001,6001,fxs:fxs1,fxs:fxs2,")
                        && lines.get(1).contains(",16,,survival,"), lines.get(1));
                assertEquals(401, http.send(HttpRequest.newBuilder(URI.create(csvUrl)).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode(), "no CSV without a session");

                // ---- the mode's last 24 hours ------------------------------------------------------
                b.click("a[data-tab=history]");
                b.await("the survival period in the chart", presenceOfElementLocated(By.cssSelector("#chart rect.mode-SURVIVAL")));
                assertTrue(b.text("#changes").contains("NORMAL → SURVIVAL"), b.text("#changes"));
                b.screenshot("07-history");

                // ---- admin actions: hold NORMAL, release, lift a block -----------------------------
                b.click("a[data-tab=admin]");
                b.click("button[data-mode=normal]");
                b.await("the action's answer", textToBePresentInElementLocated(By.id("action-result"), "normal mode held"));
                b.await("the NORMAL banner", textToBe(By.id("banner-mode"), "NORMAL"));
                assertTrue(b.find("#banner-forced").isDisplayed(), "held by an operator");
                assertEquals(Mode.NORMAL, gw.gateway().mode());
                b.click("button[data-mode=auto]");
                b.await("SURVIVAL again: HQ is still cut off", textToBe(By.id("banner-mode"), "SURVIVAL"));
                b.type("#unblock-source", "192.0.2.10");
                b.click("#unblock-submit");
                b.await("the unblock answer", textToBePresentInElementLocated(By.id("action-result"), "no block in force for source 192.0.2.10"));
                b.screenshot("08-admin");

                // ---- the same page on a phone ----------------------------------------------------
                b.size(390, 844);
                b.click("a[data-tab=overview]");
                b.await("the banner on a narrow screen", visibilityOfElementLocated(By.id("banner-mode")));
                b.screenshot("09-phone-overview");
                b.size(1280, 1000);

                // ---- staff: looks, may not act ---------------------------------------------------
                b.click("#logout");
                b.await("the login form after logout", visibilityOfElementLocated(By.id("login-form")));
                b.type("#login-name", "staff");
                b.type("#login-password", "lifeline-staff");
                b.click("#login-submit");
                b.await("the banner for staff", textToBe(By.id("banner-mode"), "SURVIVAL"));
                assertFalse(b.find("a[data-tab=admin]").isDisplayed(), "no actions for staff");
                b.screenshot("10-staff-overview");
                Object statuses = b.jsAsync("""
                        const done = arguments[arguments.length - 1];
                        fetch('/api/session').then(r => r.json()).then(s => Promise.all([
                            ['/api/actions/mode', {mode: 'normal'}],
                            ['/api/actions/unblock', {source: '192.0.2.10'}],
                            ['/api/actions/port', {port: 'fxs1'}],
                          ].map(([p, body]) => fetch(p, {method: 'POST', headers: {'Content-Type': 'application/json',
                            'X-CSRF-Token': s.csrf}, body: JSON.stringify(body)}).then(r => r.status))))
                          .then(done, e => done(String(e)));
                        """);
                assertEquals(List.of(403L, 403L, 403L), statuses, "staff may not force the mode, unblock or reset a port");
                assertEquals(Mode.SURVIVAL, gw.gateway().mode(), "the mode is untouched");
            }
        }
    }
}
