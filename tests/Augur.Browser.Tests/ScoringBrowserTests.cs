using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Augur.Testing;
using Microsoft.Playwright;

namespace Augur.Browser.Tests;

/// <summary>The batch scoring page in a real Chromium: upload a file, watch it being scored, see the download link.</summary>
public sealed class ScoringBrowserTests
{
    private static readonly string Telco = Path.Combine(AppContext.BaseDirectory, "Fixtures", "telco-churn-300.csv");

    [ChromiumFact]
    public async Task A_person_uploads_a_file_on_the_scoring_page_and_gets_a_download_link()
    {
        using var data = new TempDirectory();
        await using var app = new AugurAppFactory(data.Path);
        var baseUrl = app.Start();
        // The model is trained through the API: this test is about scoring, and the dashboard's training has its own test.
        var projectId = await TrainThroughApiAsync(baseUrl);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        await using var context = await browser.NewContextAsync(new() { BaseURL = baseUrl.ToString(), ViewportSize = new() { Width = 1400, Height = 900 } });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync("/login");
            await page.FillAsync("#userName", AugurAppFactory.AdminUserName);
            await page.FillAsync("#password", AugurAppFactory.AdminPassword);
            await page.ClickAsync("button[type=submit]");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Projects", Exact = true })).ToBeVisibleAsync();
            await page.GotoAsync($"/projects/{projectId}");
            await WaitForInteractiveAsync(page);
            await page.GetByTestId("scoring-link").ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/scoring$"));
            await WaitForInteractiveAsync(page);
            await Assertions.Expect(page.GetByTestId("no-scoring-jobs")).ToBeVisibleAsync();

            await (await Browsers.FileInputAsync(page.GetByTestId("scoring-upload"))).SetInputFilesAsync(Telco);
            await Assertions.Expect(page.GetByTestId("scoring-status").First).ToHaveTextAsync("Done: 300 rows scored", new() { Timeout = 60_000 });
            var download = page.GetByTestId("scoring-download").First;
            await Assertions.Expect(download).ToHaveTextAsync("Download telco-churn-300-scored.xlsx");

            var href = await download.GetAttributeAsync("href");
            var response = await page.APIRequest.GetAsync(href!);
            Assert.Equal(200, response.Status);
            Assert.Equal("PK"u8.ToArray(), (await response.BodyAsync())[..2]);

            // The customers scored are the training customers: the comparison says they look alike.
            await page.GetByTestId("scoring-drift-button").First.ClickAsync();
            await Assertions.Expect(page.GetByTestId("scoring-drift")).ToContainTextAsync("telco-churn-300.csv against the data churn v1 was trained on");
            await Assertions.Expect(page.GetByTestId("drift-summary")).ToHaveTextAsync("The 300 rows of 'telco-churn-300.csv' look like the data v1 was trained on.");
            await Assertions.Expect(page.GetByTestId("drift-row").First).ToContainTextAsync("Stable");
        }
        finally
        {
            await page.ScreenshotAsync(new() { Path = TestArtifacts.PathFor("ScoringBrowserTests/scoring-page.png"), FullPage = true });
        }
    }

    private static async Task<string> TrainThroughApiAsync(Uri baseUrl)
    {
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = baseUrl };
        (await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = AugurAppFactory.AdminUserName, password = AugurAppFactory.AdminPassword })).EnsureSuccessStatusCode();
        var project = await Read(await client.PostAsJsonAsync("/api/v1/projects", new { name = "Scoring in the browser" }));
        var projectId = project["id"]!.GetValue<string>();
        using var form = new MultipartFormDataContent { { new ByteArrayContent(await File.ReadAllBytesAsync(Telco)), "file", "telco.csv" } };
        var dataset = await Read(await client.PostAsync($"/api/v1/projects/{projectId}/datasets", form));
        var run = await Read(await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId = dataset["id"]!.GetValue<string>(), target = "Churn", budgetSeconds = 6 }));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        while (true)
        {
            var status = (await Read(await client.GetAsync($"/api/v1/projects/{projectId}/runs/{run["id"]}", timeout.Token)))["status"]!.GetValue<string>();
            if (status is "succeeded")
            {
                return projectId;
            }

            Assert.NotEqual("failed", status);
            await timer.WaitForNextTickAsync(timeout.Token);
        }
    }

    private static async Task<JsonObject> Read(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonNode.Parse(body)!.AsObject();
    }

    private static async Task WaitForInteractiveAsync(IPage page) =>
        await Assertions.Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1);
}
