using System.Text.RegularExpressions;
using Augur.Testing;
using Microsoft.Playwright;

namespace Augur.Browser.Tests;

// A recommendations project through a real Chromium: create it as a store project, upload an event log and a
// product list, train, open the storefront, see a customer's picks with reasons, and click for similar items.
public sealed class StorefrontTests
{
    [ChromiumFact]
    public async Task A_store_project_trains_and_its_storefront_shows_picks_with_reasons()
    {
        using var data = new TempDirectory();
        await using var app = new AugurAppFactory(data.Path);
        var baseUrl = app.Start();
        await using var browser = await BrowserSession.OpenAsync(baseUrl);
        var page = browser.Page;
        try
        {
            await browser.SignInAsAdminAsync();
            await WaitForInteractiveAsync(page);

            await page.GetByTestId("new-project").ClickAsync();
            var dialog = page.GetByRole(AriaRole.Dialog);
            await dialog.GetByLabel("Name").FillAsync("Tea shop");
            await dialog.GetByText("Recommend products to customers").ClickAsync();
            await dialog.GetByTestId("create-project").ClickAsync();
            await Assertions.Expect(page.GetByTestId("recommender-train-section")).ToBeVisibleAsync();

            await (await Browsers.FileInputAsync(page.GetByTestId("upload"))).SetInputFilesAsync(
                new FilePayload { Name = "store-events.csv", MimeType = "text/csv", Buffer = StoreEvents.Log() });
            await Assertions.Expect(page.GetByTestId("dataset-rows")).ToBeVisibleAsync(new() { Timeout = 60_000 });
            await (await Browsers.FileInputAsync(page.GetByTestId("upload"))).SetInputFilesAsync(
                new FilePayload { Name = "catalogue.csv", MimeType = "text/csv", Buffer = StoreEvents.Catalogue() });
            await Assertions.Expect(page.GetByTestId("dataset-select")).ToBeVisibleAsync(new() { Timeout = 60_000 });

            await page.GetByTestId("train-recommender").ClickAsync();
            await Assertions.Expect(page.GetByTestId("recommender-run").First).ToContainTextAsync("active", new() { Timeout = 90_000 });
            await page.GetByTestId("open-store").ClickAsync();

            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/store$"));
            await WaitForInteractiveAsync(page);
            var picks = page.GetByTestId("recommended-item");
            await Assertions.Expect(picks).ToHaveCountAsync(8);
            await Assertions.Expect(page.GetByTestId("list-source")).ToContainTextAsync("nightly list");
            await Assertions.Expect(picks.First.GetByTestId("reason")).ToHaveTextAsync(new Regex("^(Bought together with|Popular) "));
            await Assertions.Expect(picks.First).ToContainTextAsync(new Regex("(Tea|Coffee|Snacks) no\\. \\d+"));
            await Assertions.Expect(page.GetByTestId("history-item").First).ToBeVisibleAsync();

            await picks.First.ClickAsync();
            await Assertions.Expect(page.GetByTestId("similar-item").First).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("similar-title")).ToContainTextAsync("also chose");
        }
        finally
        {
            await page.EvaluateAsync("window.scrollTo(0, 0)");
            await page.ScreenshotAsync(new() { Path = TestArtifacts.PathFor("StorefrontTests/storefront.png"), FullPage = true });
        }
    }

    private static async Task WaitForInteractiveAsync(IPage page) =>
        await Assertions.Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1);
}
