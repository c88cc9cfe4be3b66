package io.chatmedia.page;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatmedia.testsupport.Browser;
import io.chatmedia.testsupport.ChildServer;
import io.chatmedia.testsupport.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The server dies while the page uploads (a ChatMedia JVM killed with SIGKILL): the bubble shows the failure, and
 * when the server is back (restarted on the same port and data) the page sends the file again by itself.
 */
class ChatPageRestartFlowTest {

    @Test
    void retriesAnUploadCutByAServerCrashOnceTheServerIsBack() throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "browser-work")), "restart-")
                .toAbsolutePath();
        Path file = Files.write(work.resolve("report.bin"), Fixtures.noise(8 * 1024 * 1024, 3));
        ChildServer server = ChildServer.in(work).start();
        ChromeDriver browser = Browser.start(375, 812, 2, Path.of("target", "browser-work", "microphone.wav"), work);
        try {
            browser.get(server.base() + "/?token=" + server.userToken("page-restart"));
            FluentWait<WebDriver> wait =
                    new WebDriverWait(browser, Duration.ofSeconds(60)).ignoring(StaleElementReferenceException.class);
            wait.until(d -> !d.findElement(By.cssSelector("[data-test=limits]"))
                    .getText()
                    .isEmpty());
            ChromiumNetworkConditions slow = new ChromiumNetworkConditions();
            slow.setUploadThroughput(1024 * 1024); // bytes per second: the upload takes about 8 s
            browser.setNetworkConditions(slow);
            browser.findElement(By.cssSelector("[data-test=file-input]")).sendKeys(file.toString());
            By bubble = By.cssSelector("[data-test=bubble]:last-child");
            wait.until(d -> "sending".equals(d.findElement(bubble).getAttribute("data-state")));
            wait.until(
                    d -> { // a part of the file is on its way when the server dies
                        String width = d.findElement(bubble)
                                .findElement(By.cssSelector(".progress"))
                                .getCssValue("width");
                        return Double.parseDouble(width.replace("px", "")) > 0;
                    });

            server.kill();
            wait.until(d -> "failed".equals(d.findElement(bubble).getAttribute("data-state")));
            WebElement failed = browser.findElement(bubble);
            assertThat(failed.findElement(By.cssSelector("[data-test=bubble-error]"))
                            .getText())
                    .startsWith("offline");
            Browser.screenshot(browser, "retriesAnUploadCutByAServerCrash-failed");

            browser.deleteNetworkConditions();
            server = ChildServer.in(work).sameAs(server).start();
            wait.until(d -> "sent".equals(d.findElement(bubble).getAttribute("data-state")));
            WebElement sent = browser.findElement(bubble);
            assertThat(sent.getAttribute("data-kind")).isEqualTo("file");
            assertThat(sent.getText()).contains("report.bin").contains("8.0 MB");
            Browser.screenshot(browser, "retriesAnUploadCutByAServerCrash-sent");
        } finally {
            browser.quit();
            server.stop();
        }
    }
}
