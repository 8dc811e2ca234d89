package dev.lifeline.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless browser for the web console tests: Debian's {@code chromium} driven through
 * its {@code chromium-driver} by Selenium. Both binaries come from apt ({@code ./scripts/test}
 * installs them); Selenium Manager is never asked to download anything, because the driver and
 * the browser are given by path. Waits are explicit ({@link #await}), never sleeps.
 */
public final class Browser implements AutoCloseable {
    public static final String CHROMIUM = "/usr/bin/chromium";
    public static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final Duration WAIT = Duration.ofSeconds(10);

    private final ChromeDriver driver;
    private final Path shots;

    private Browser(ChromeDriver driver, Path shots) {
        this.driver = driver;
        this.shots = shots;
    }

    /** Starts headless chromium with a fresh profile under {@code profileDir}; screenshots go to {@code shots}. */
    public static Browser start(Path profileDir, Path shots) throws IOException {
        Peers.require(CHROMIUM, "chromium");
        Peers.require(CHROMEDRIVER, "chromium-driver");
        Files.createDirectories(shots);
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM);
        o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1000",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
                "--user-data-dir=" + profileDir.toAbsolutePath(), "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, o), shots);
    }

    public ChromeDriver driver() { return driver; }

    public void open(String url) { driver.get(url); }

    public WebElement find(String css) { return driver.findElement(By.cssSelector(css)); }

    public String text(String css) { return find(css).getText(); }

    public void type(String css, String text) {
        WebElement e = find(css);
        e.clear();
        e.sendKeys(text);
    }

    public void click(String css) { find(css).click(); }

    /** Waits up to 10 s for {@code condition}, saying what was awaited when it times out. */
    public <T> T await(String what, ExpectedCondition<T> condition) {
        return new WebDriverWait(driver, WAIT).withMessage("waiting for " + what).until(condition);
    }

    public Object js(String script, Object... args) { return ((JavascriptExecutor) driver).executeScript(script, args); }

    public Object jsAsync(String script, Object... args) { return ((JavascriptExecutor) driver).executeAsyncScript(script, args); }

    public void size(int width, int height) { driver.manage().window().setSize(new Dimension(width, height)); }

    /** The value of cookie {@code name} in the browser, or null. */
    public String cookie(String name) {
        var c = driver.manage().getCookieNamed(name);
        return c == null ? null : c.getValue();
    }

    /** Saves what the browser shows as {@code <shots>/<name>.png}. */
    public Path screenshot(String name) throws IOException {
        Path f = shots.resolve(name + ".png");
        Files.write(f, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        return f;
    }

    @Override
    public void close() { driver.quit(); }
}
