using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Augur.Testing;
using Microsoft.Playwright;

namespace Augur.Browser.Tests;

/// <summary>The model page through a real Chromium: a served model checked on newer data whose outcomes are known.</summary>
public sealed class ModelPageTests
{
    [ChromiumFact]
    public async Task A_served_model_checked_on_customers_whose_outcomes_turned_raises_an_alert_and_keeps_its_checks()
    {
        using var data = new TempDirectory();
        await using var app = new AugurAppFactory(data.Path);
        var baseUrl = app.Start();
        var projectId = await EndpointPageTests.SeedEndpointAsync(baseUrl);
        // A month on, every outcome turned: those who stayed left, and the other way round. Uploaded to a project with an
        // endpoint, the data is checked against the served version at once.
        using (var http = await EndpointPageTests.SignInAsync(baseUrl))
        {
            var lines = await File.ReadAllLinesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "telco-churn-300.csv"));
            var turned = string.Join('\n', [lines[0], .. lines.Skip(1).Select(l => l.EndsWith(",Yes", StringComparison.Ordinal) ? l[..^3] + "No" : l[..^2] + "Yes")]);
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(turned));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(file, "file", "october.csv");
            await EndpointPageTests.Read(await http.PostAsync($"/api/v1/projects/{projectId}/datasets", form));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (!(await http.GetStringAsync($"/api/v1/projects/{projectId}/models/churn/checks", timeout.Token)).Contains("october", StringComparison.Ordinal))
            {
                await Task.Delay(200, timeout.Token);
            }
        }

        await using var browser = await BrowserSession.OpenAsync(baseUrl);
        var page = browser.Page;
        try
        {
            await browser.SignInAsAdminAsync();
            await page.GotoAsync($"/projects/{projectId}");
            await Assertions.Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1);
            await Assertions.Expect(page.GetByTestId("alert")).ToContainTextAsync("churn v1 is much worse on 'october' (300 rows whose outcome is known) than in training: AUC ");
            await page.GetByTestId("alerts").ScreenshotAsync(new() { Path = TestArtifacts.PathFor("ModelPageTests/accuracy-alert.png") });
            await page.GetByTestId("alert").GetByText("See the model").ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/models/churn$"));
            await Assertions.Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1);

            // The check made on upload is the first of the model's history; one asked for here joins it.
            var checks = page.GetByTestId("checks");
            await checks.ScrollIntoViewIfNeededAsync();
            await Assertions.Expect(page.GetByTestId("check-row")).ToHaveCountAsync(1);
            await Assertions.Expect(page.GetByTestId("check-row")).ToContainTextAsync("Much worse: retrain");
            // The newest dataset with the outcome column comes first.
            await Assertions.Expect(page.GetByTestId("check-dataset")).ToContainTextAsync("october (300 rows)");
            await page.GetByTestId("check-button").ClickAsync();
            await Assertions.Expect(page.GetByTestId("check-result")).ToContainTextAsync(new Regex("On 'october' \\(300 rows whose outcome is known\\), v1 scores AUC [0-9.]+; it scored [0-9.]+ on the rows held back in training\\."));
            await Assertions.Expect(page.GetByTestId("check-result")).ToContainTextAsync("It is much worse than in training: the customers have changed since; retrain it on recent data.");
            await Assertions.Expect(page.GetByTestId("check-row")).ToHaveCountAsync(2);

            // Kept: the page shows them again when opened anew.
            await page.ReloadAsync();
            await Assertions.Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1);
            await Assertions.Expect(page.GetByTestId("check-row")).ToHaveCountAsync(2);
            await page.GetByTestId("checks").ScrollIntoViewIfNeededAsync();
            await page.GetByTestId("checks").ScreenshotAsync(new() { Path = TestArtifacts.PathFor("ModelPageTests/checks.png") });
        }
        finally
        {
            await page.ScreenshotAsync(new() { Path = TestArtifacts.PathFor("ModelPageTests/model-page.png"), FullPage = true });
        }
    }
}
