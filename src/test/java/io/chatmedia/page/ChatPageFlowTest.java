package io.chatmedia.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.chatmedia.testsupport.Browser;
import io.chatmedia.testsupport.Fixtures;
import io.chatmedia.testsupport.HttpFlowTest;
import io.chatmedia.testsupport.Tokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.LoggerFactory;

/**
 * The chat page at {@code /} in Debian's headless Chromium, as a person uses it on a phone-sized screen: images and
 * videos through the seed's Diy route, a voice message recorded from a (fake) microphone, a file, and the failures the
 * envelope reports. Every test leaves a screenshot under {@code target/browser/}.
 */
class ChatPageFlowTest extends HttpFlowTest {

    private static final int WIDTH = 375;
    private static final int HEIGHT = 812;
    private static Path work;
    private static Path microphone;
    private static ListAppender<ILoggingEvent> access;

    private ChromeDriver browser;
    private Path downloads;

    @BeforeAll
    static void prepare() throws IOException {
        work = Files.createDirectories(Path.of("target", "browser-work"));
        microphone = work.resolve("microphone.wav");
        Files.write(microphone, sineWav(10, 440));
    }

    /** Attached once the server's logging is set up, so Spring's logging initialisation does not remove it. */
    private static synchronized void listenToAccessLog() {
        Logger logger = (Logger) LoggerFactory.getLogger("chatmedia.access");
        if (access == null || !logger.isAttached(access)) {
            access = new ListAppender<>();
            access.start();
            logger.addAppender(access);
        }
    }

    @BeforeEach
    void open(TestInfo test) throws IOException {
        listenToAccessLog();
        downloads = Files.createTempDirectory(work, "downloads-");
        browser = test.getTags().contains("desktop")
                ? Browser.start(1280, 800, 1, microphone, downloads)
                : Browser.start(WIDTH, HEIGHT, 2, microphone, downloads);
    }

    @AfterEach
    void close(TestInfo test) {
        Browser.screenshot(browser, test.getTestMethod().orElseThrow().getName());
        browser.quit();
    }

    @Test
    void sendsAnImageAndShowsAThumbnailAtTheBubblesSize() throws IOException {
        load(Tokens.user("page-image"));
        Path photo = work.resolve("photo.jpg");
        Files.write(photo, Fixtures.jpeg(1600, 1200));
        choose(photo);
        WebElement bubble = sent("image");
        WebElement thumbnail = bubble.findElement(By.cssSelector("[data-test=thumbnail]"));
        waitFor(d -> (Boolean) js("return arguments[0].complete && arguments[0].naturalWidth > 0", thumbnail));
        long natural = ((Number) js("return arguments[0].naturalWidth", thumbnail)).longValue();
        long expected = ((Number) js("return Math.round((Math.min(360, Math.round(innerWidth*0.75))-8)"
                        + " * (devicePixelRatio||1))"))
                .longValue();
        assertThat(natural).isEqualTo(expected).isLessThan(1600);
        WebElement frame = bubble.findElement(By.cssSelector("a.frame"));
        double placeholderAt = Double.parseDouble(frame.getAttribute("data-placeholder-at"));
        double loadedAt = Double.parseDouble(frame.getAttribute("data-loaded-at"));
        assertThat(placeholderAt)
                .as("the BlurHash placeholder came before the thumbnail")
                .isLessThan(loadedAt);
        assertThat(thumbnail.getAttribute("src")).contains("x-oss-process=image/resize,w_" + expected + "/format,webp");
        assertThat(bubble.findElement(By.tagName("a")).getAttribute("href")).doesNotContain("x-oss-process");
        assertNoHorizontalScroll();
    }

    @Test
    void sendsAVideoThatShowsItsCoverAndDurationAndSeeks() throws Exception {
        load(Tokens.user("page-video"));
        choose(Path.of("src/test/resources/video/h264-640x360-gop25.mp4"));
        WebElement bubble = sent("video");
        assertThat(bubble.findElement(By.cssSelector("[data-test=duration]")).getText())
                .isEqualTo("4.0 s");
        WebElement video = bubble.findElement(By.cssSelector("[data-test=video]"));
        String poster = video.getAttribute("poster");
        assertThat(poster).contains("x-oss-process=video/snapshot,t_1000,m_fast,w_");
        assertThat(get(poster.replaceFirst("^https?://[^/]+", "")).statusCode()).isEqualTo(200);
        js("arguments[0].muted = true; return arguments[0].play().then(() => true)", video);
        waitFor(d -> ((Number) js("return arguments[0].currentTime", video)).doubleValue() > 0);
        js("arguments[0].pause(); arguments[0].currentTime = arguments[0].duration / 2", video);
        waitFor(d -> !(Boolean) js("return arguments[0].seeking", video)
                && Math.abs(((Number) js("return arguments[0].currentTime", video)).doubleValue() - 2.0) < 0.5);
        String path = video.getAttribute("src").replaceFirst("^https?://[^/]+", "");
        assertThat(access.list.stream().map(ILoggingEvent::getFormattedMessage))
                .as("the video was read with Range requests")
                .anyMatch(line -> line.startsWith("GET " + path + " 206"));
        assertNoHorizontalScroll();
    }

    @Test
    void recordsAVoiceMessageWhileTheButtonIsHeld() {
        load(Tokens.user("page-voice"));
        WebElement record = browser.findElement(By.cssSelector("[data-test=record]"));
        new Actions(browser).clickAndHold(record).perform();
        waitFor(d -> "true".equals(record.getAttribute("aria-pressed")));
        long recording = System.nanoTime();
        sleep(Duration.ofSeconds(3));
        new Actions(browser).release(record).perform();
        double held = (System.nanoTime() - recording) / 1e9; // 3 s and what the browser took to act on the release
        WebElement bubble = sent("voice");
        String duration =
                bubble.findElement(By.cssSelector("[data-test=duration]")).getText();
        assertThat(held).isBetween(3.0, 6.0);
        assertThat(Double.parseDouble(duration.replace(" s", ""))).isCloseTo(held, within(0.5));
        assertThat(bubble.findElements(By.cssSelector("[data-test=waveform] i")))
                .hasSize(40);
        WebElement audio = bubble.findElement(By.cssSelector("[data-test=audio]"));
        assertThat(audio.getAttribute("src")).contains("x-oss-process=audio/convert");
        waitFor(d -> ((Number) js("return arguments[0].readyState", audio)).intValue() >= 1);
        assertThat(((Number) js("return arguments[0].duration", audio)).doubleValue())
                .isGreaterThan(0);
    }

    @Test
    @Tag("desktop")
    void sendsAnImageOnADesktopScreen() throws IOException {
        load(Tokens.user("page-desktop"));
        Path photo = work.resolve("wide.jpg");
        Files.write(photo, Fixtures.jpeg(1600, 900));
        choose(photo);
        WebElement thumbnail = sent("image").findElement(By.cssSelector("[data-test=thumbnail]"));
        waitFor(d -> (Boolean) js("return arguments[0].complete && arguments[0].naturalWidth > 0", thumbnail));
        assertThat(((Number) js("return arguments[0].naturalWidth", thumbnail)).intValue())
                .isEqualTo(352);
        assertNoHorizontalScroll();
    }

    @Test
    void sendsAFileThatDownloads() throws Exception {
        load(Tokens.user("page-file"));
        Path notes = work.resolve("notes.txt");
        Files.writeString(notes, "minutes of the meeting\n".repeat(100));
        choose(notes);
        WebElement bubble = sent("file");
        assertThat(bubble.getText()).contains("notes.txt").contains("2.2 KB");
        bubble.findElement(By.cssSelector("[data-test=download]")).click();
        waitFor(d -> Files.exists(downloads.resolve("notes.txt")));
        assertThat(Files.readString(downloads.resolve("notes.txt"))).isEqualTo(Files.readString(notes));
    }

    @Test
    void showsTheEnvelopesReasonOnAFailedBubble() throws IOException {
        load(Tokens.guest("page-guest"));
        Path big = work.resolve("big.bin");
        Files.write(big, Fixtures.noise((int) GUEST_LIMIT + 100_000, 7));
        choose(big);
        WebElement bubble = failed("file");
        assertThat(bubble.findElement(By.cssSelector("[data-test=bubble-error]"))
                        .getText())
                .isEqualTo("file exceeds the upload limit of " + GUEST_LIMIT + " bytes");
        assertThat(bubble.findElements(By.cssSelector("[data-test=retry]"))).hasSize(1);
        assertNoHorizontalScroll();
    }

    @Test
    void holdsAWholeConversationOnAPhoneScreen() throws IOException {
        load(Tokens.user("page-conversation"));
        Path photo = work.resolve("holiday.jpg");
        Files.write(photo, Fixtures.jpeg(1600, 1200));
        choose(photo);
        sent("image");
        choose(Path.of("src/test/resources/video/h264-640x360-gop25.mp4"));
        sent("video");
        WebElement record = browser.findElement(By.cssSelector("[data-test=record]"));
        new Actions(browser).clickAndHold(record).perform();
        waitFor(d -> "true".equals(record.getAttribute("aria-pressed")));
        sleep(Duration.ofSeconds(2));
        new Actions(browser).release(record).perform();
        waitFor(d -> d.findElements(By.cssSelector("[data-test=bubble]")).size() == 3); // once recording stopped
        sent("voice");
        Path minutes = Files.writeString(work.resolve("minutes.pdf.txt"), "the minutes\n");
        choose(minutes);
        sent("file");
        assertThat(browser.findElements(By.cssSelector("[data-test=bubble][data-state=sent]")))
                .hasSize(4);
        assertNoHorizontalScroll();
        browser.navigate().refresh();
        waitFor(d -> d.findElements(By.cssSelector("[data-test=bubble][data-state=sent]"))
                        .size()
                == 4);
        js("document.querySelector('[data-test=messages]').scrollTop = 0");
    }

    @Test
    void showsTheGroupQrCodeForTheH5Client() {
        load(Tokens.user("page-qr"));
        browser.findElement(By.cssSelector("[data-test=qr-toggle]")).click();
        WebElement image = browser.findElement(By.cssSelector("[data-test=qr-image]"));
        waitFor(d -> (Boolean) js("return arguments[0].complete && arguments[0].naturalWidth > 0", image));
        assertThat(image.getAttribute("src"))
                .contains("/api/chat/groupQrcode/33?")
                .contains("type=H5")
                .contains("http=http%3A%2F%2F127.0.0.1%3A" + port);
    }

    @Test
    void sendsALargeFileThroughTusAndResumesItAfterAReload() throws Exception {
        browser.get("http://127.0.0.1:" + port + "/?tusThreshold=1000000&token=" + Tokens.user("page-tus"));
        waitFor(d ->
                !d.findElement(By.cssSelector("[data-test=limits]")).getText().isEmpty());
        Path big = Files.write(work.resolve("holiday-video.bin"), Fixtures.noise(12 * 1024 * 1024, 11));
        ChromiumNetworkConditions slow = new ChromiumNetworkConditions();
        slow.setUploadThroughput(2 * 1024 * 1024); // bytes per second: the first 5 MiB chunk takes about 2.5 s
        browser.setNetworkConditions(slow);
        choose(big);
        By last = By.cssSelector("[data-test=bubble]:last-child");
        waitFor(d -> "sending".equals(d.findElement(last).getAttribute("data-state")));
        waitFor(d -> access.list.stream()
                .map(ILoggingEvent::getFormattedMessage)
                .anyMatch(line -> line.startsWith("PATCH /v1/uploads/") && line.contains(" 204 ")));

        browser.navigate().refresh(); // the page goes away mid-upload
        waitFor(d -> "failed".equals(d.findElement(last).getAttribute("data-state")));
        assertThat(browser.findElement(last)
                        .findElement(By.cssSelector("[data-test=bubble-error]"))
                        .getText())
                .isEqualTo("interrupted: choose the same file again to resume");
        browser.deleteNetworkConditions();
        choose(big);
        WebElement bubble = sent("file");
        long resumedFrom = Long.parseLong(bubble.getAttribute("data-resumed-from"));
        assertThat(resumedFrom)
                .as("resumed from the stored offset, not from zero")
                .isGreaterThanOrEqualTo(5L << 20);
        assertThat(bubble.getText()).contains("holiday-video.bin").contains("12.0 MB");
        String url = bubble.findElement(By.cssSelector("[data-test=download]")).getAttribute("href");
        assertThat(get(url.replaceFirst("^https?://[^/]+", "")).body()).isEqualTo(Files.readAllBytes(big));
    }

    @Test
    void refusesAnEmptyFile() throws IOException {
        load(Tokens.user("page-empty"));
        Path empty = Files.write(work.resolve("empty.png"), new byte[0]);
        choose(empty);
        assertThat(failed("image")
                        .findElement(By.cssSelector("[data-test=bubble-error]"))
                        .getText())
                .isEqualTo("the file is empty");
    }

    @Test
    void showsAnHtmlPageNamedJpgAsAFileAndRunsNothing() throws IOException {
        load(Tokens.user("page-html"));
        Path page = Files.write(work.resolve("innocent.jpg"), Fixtures.html());
        choose(page);
        WebElement bubble = sent("file");
        assertThat(bubble.findElements(By.tagName("img"))).isEmpty();
        assertThatThrownBy(() -> browser.switchTo().alert())
                .as("the page's script never ran")
                .isInstanceOf(NoAlertPresentException.class);
    }

    @Test
    void getsANewGuestTokenWhenTheOldOneExpired() throws IOException {
        browser.get("http://127.0.0.1:" + port + "/");
        waitFor(d -> js("return localStorage.getItem('chatmedia.token.guest')") != null);
        String expired = JWT.create()
                .withClaim("id", "guest_page_expired")
                .withClaim("role", "guest")
                .withExpiresAt(Instant.now().minusSeconds(60))
                .sign(Algorithm.HMAC256(Tokens.SECRET));
        js("localStorage.setItem('chatmedia.token', arguments[0])", expired);
        Path photo = Files.write(work.resolve("small.png"), Fixtures.png(300, 200));
        choose(photo);
        sent("image");
        assertThat(js("return localStorage.getItem('chatmedia.token')")).isNotEqualTo(expired);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private void load(String token) {
        browser.get("http://127.0.0.1:" + port + "/?token=" + token);
        waitFor(d ->
                !d.findElement(By.cssSelector("[data-test=limits]")).getText().isEmpty());
    }

    private void choose(Path file) {
        browser.findElement(By.cssSelector("[data-test=file-input]"))
                .sendKeys(file.toAbsolutePath().toString());
    }

    private WebElement sent(String kind) {
        return bubble(kind, "sent");
    }

    private WebElement failed(String kind) {
        return bubble(kind, "failed");
    }

    private WebElement bubble(String kind, String state) {
        By last = By.cssSelector("[data-test=bubble]:last-child");
        String[] seen = new String[3];
        waitFor(d -> {
            WebElement bubble = d.findElement(last);
            seen[0] = bubble.getAttribute("data-state");
            seen[1] = bubble.getAttribute("data-kind");
            seen[2] = bubble.getText();
            return !"sending".equals(seen[0]);
        });
        assertThat(seen[0]).as("bubble: %s", seen[2]).isEqualTo(state);
        assertThat(seen[1]).isEqualTo(kind);
        return browser.findElement(last);
    }

    private void assertNoHorizontalScroll() {
        assertThat(((Number) js("return document.documentElement.scrollWidth")).intValue())
                .isLessThanOrEqualTo(((Number) js("return window.innerWidth")).intValue());
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private void waitFor(Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .ignoring(StaleElementReferenceException.class)
                .until(condition::apply);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A mono 16-bit 48 kHz WAV of a sine tone: what the fake microphone plays. */
    private static byte[] sineWav(int seconds, int hertz) {
        int rate = 48_000;
        int samples = rate * seconds;
        ByteBuffer data = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < samples; i++) {
            data.putShort((short) (Math.sin(2 * Math.PI * hertz * i / rate) * 12_000));
        }
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples * 2);
        header.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII))
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) 1);
        header.putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16);
        header.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples * 2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.array());
        out.writeBytes(data.array());
        return out.toByteArray();
    }
}
