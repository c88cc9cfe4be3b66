package io.chatmedia.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven by its ChromeDriver (both installed if missing by
 * {@code scripts/test-browser-tools.sh}), with a fake microphone that plays a given WAV file and downloads into a
 * folder. Never downloads a browser or a driver.
 */
public final class Browser {

    private static final String SCRIPT = "scripts/test-browser-tools.sh";
    private static Map<String, String> tools;

    private Browser() {}

    /**
     * A new browser whose page is {@code width}×{@code height} CSS pixels at {@code pixelRatio} device pixels each (a
     * phone's screen is emulated: headless windows are never narrower than 500 px); {@code microphone} is what
     * getUserMedia records.
     */
    public static ChromeDriver start(int width, int height, double pixelRatio, Path microphone, Path downloads) {
        Map<String, String> paths = tools();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(paths.get("chromium"));
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--autoplay-policy=no-user-gesture-required",
                "--window-size=" + Math.max(width, 500) + "," + height,
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
                "--use-file-for-fake-audio-capture=" + microphone.toAbsolutePath());
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("download.default_directory", downloads.toAbsolutePath().toString());
        prefs.put("download.prompt_for_download", false);
        options.setExperimentalOption("prefs", prefs);
        options.setExperimentalOption(
                "mobileEmulation",
                Map.of("deviceMetrics", Map.of("width", width, "height", height, "pixelRatio", pixelRatio)));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(paths.get("chromedriver")))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return driver;
    }

    /** Saves what the browser shows as {@code target/browser/<name>.png}. */
    public static Path screenshot(ChromeDriver driver, String name) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "browser"));
            Path file = dir.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized Map<String, String> tools() {
        if (tools != null) {
            return tools;
        }
        try {
            Process process = new ProcessBuilder("bash", SCRIPT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(SCRIPT + " could not provide Chromium and ChromeDriver");
            }
            Map<String, String> found = new HashMap<>();
            for (String line : List.of(out.split("\n"))) {
                int equals = line.indexOf('=');
                if (equals > 0) {
                    found.put(
                            line.substring(0, equals),
                            line.substring(equals + 1).trim());
                }
            }
            tools = found;
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
