using Augur.Testing;
using Microsoft.Playwright;

namespace Augur.Browser.Tests;

// Proves that Playwright can drive Debian's Chromium offline. Microsoft.Playwright ships its Node.js driver in the
// NuGet package (copied to bin/.playwright/node/linux-x64/node and bin/.playwright/package at build time), so
// nothing is downloaded: `playwright install` is never run, and ExecutablePath points at /usr/bin/chromium.
// --no-sandbox is needed because the tests run as root; --disable-dev-shm-usage because containers often have a
// tiny /dev/shm; the rest keep Chromium from reaching out to the network.
public class ChromiumSmokeTests
{
    [ChromiumFact]
    public async Task Debian_chromium_renders_a_page_and_takes_a_screenshot()
    {
        var chromiumPath = TestEnvironment.ChromiumPath
            ?? throw new InvalidOperationException($"{TestEnvironment.ChromiumVariable} does not name a Chromium executable.");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = chromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
        });
        var page = await browser.NewPageAsync();

        await page.GotoAsync("data:text/html,<h1 id='greeting'>Hello from Augur</h1>");

        Assert.Equal("Hello from Augur", await page.InnerTextAsync("#greeting"));
        var screenshot = TestArtifacts.PathFor("ChromiumSmokeTests/hello.png");
        await page.ScreenshotAsync(new() { Path = screenshot });
        Assert.True(new FileInfo(screenshot).Length > 0);
    }
}
