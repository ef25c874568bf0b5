using System.Text.RegularExpressions;
using Augur.Platform;
using Augur.Platform.Datasets;
using Augur.Platform.Projects;
using Augur.Platform.Training;
using Augur.Platform.Users;
using Augur.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Augur.Browser.Tests;

/// <summary>
/// Sharing through the dashboard, under the real CSP: the owner shares a project in the Share dialog, the colleague
/// sees it as a viewer (no Share button), and a stranger who opens its address sees "not found", never its data.
/// </summary>
public sealed class SharingBrowserTests
{
    [ChromiumFact]
    public async Task An_owner_shares_a_project_and_only_the_colleague_can_open_it()
    {
        using var data = new TempDirectory();
        await using var app = new AugurAppFactory(data.Path);
        var baseUrl = app.Start();
        Guid projectId;
        Guid olgaId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserService>();
            var olga = await users.CreateAsync("olga", "olga-password", false, CancellationToken.None);
            await users.CreateAsync("carl", "carl-password", false, CancellationToken.None);
            await users.CreateAsync("sam", "sam-password", false, CancellationToken.None);
            var project = await scope.ServiceProvider.GetRequiredService<ProjectService>()
                .CreateAsync(new Caller(olga.Id, olga.UserName, false), "Olga's <b>churn</b>", null, CancellationToken.None);
            projectId = project.Id;
            olgaId = olga.Id;
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);

        var owner = await SignInAsync(browser, baseUrl, "olga");
        var cspErrors = new List<string>();
        owner.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                cspErrors.Add(message.Text);
            }
        };
        await owner.GotoAsync($"/projects/{projectId}");
        await WaitForInteractiveAsync(owner);
        await Assertions.Expect(owner.GetByTestId("project-name")).ToHaveTextAsync("Olga's <b>churn</b>");
        await owner.GetByTestId("share").ClickAsync();
        var dialog = owner.GetByTestId("share-dialog");
        await dialog.GetByLabel("Colleague's user name").FillAsync("carl");
        await dialog.GetByTestId("share-add").ClickAsync();
        await Assertions.Expect(dialog.GetByTestId("member")).ToHaveCountAsync(2);
        await Assertions.Expect(dialog.GetByTestId("member").Nth(1)).ToContainTextAsync("carl");
        await owner.ScreenshotAsync(new() { Path = TestArtifacts.PathFor("SharingBrowserTests/share-dialog.png") });
        Assert.Empty(cspErrors);

        var colleague = await SignInAsync(browser, baseUrl, "carl");
        await colleague.GetByTestId("project-card").GetByRole(AriaRole.Link, new() { Name = "Open" }).ClickAsync();
        await WaitForInteractiveAsync(colleague);
        await Assertions.Expect(colleague.GetByTestId("your-role")).ToContainTextAsync("viewer");
        await Assertions.Expect(colleague.GetByTestId("share")).ToHaveCountAsync(0);
        // A viewer sees the data and the runs, but no upload, no training form and no column-type changes.
        await Assertions.Expect(colleague.GetByTestId("read-only-data")).ToBeVisibleAsync();
        await Assertions.Expect(colleague.GetByTestId("upload-button")).ToHaveCountAsync(0);
        await Assertions.Expect(colleague.GetByTestId("read-only-train")).ToBeVisibleAsync();
        await Assertions.Expect(colleague.GetByTestId("train-button")).ToHaveCountAsync(0);

        // A run the owner starts elsewhere (here through the services, as the API would) appears on the colleague's
        // open page without a reload.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var olga = new Caller(olgaId, "olga", false);
            await using var csv = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Fixtures", "telco-churn-300.csv"));
            var dataset = (await scope.ServiceProvider.GetRequiredService<DatasetService>().UploadAsync(olga, projectId, "telco-churn-300.csv", csv, CancellationToken.None))[0];
            await scope.ServiceProvider.GetRequiredService<TrainingService>()
                .StartAsync(olga, projectId, new StartTrainingRequest(dataset.Id, "Churn", TimeSpan.FromSeconds(3)), CancellationToken.None);
        }

        await Assertions.Expect(colleague.GetByTestId("run-status")).ToHaveCountAsync(1, new() { Timeout = 60_000 });

        var stranger = await SignInAsync(browser, baseUrl, "sam");
        await stranger.GotoAsync($"/projects/{projectId}");
        await Assertions.Expect(stranger.GetByTestId("project-not-found")).ToBeVisibleAsync();
        await Assertions.Expect(stranger.GetByText("churn")).ToHaveCountAsync(0);
        await stranger.GotoAsync($"/projects/{projectId}/audit");
        await Assertions.Expect(stranger.GetByTestId("audit-error")).ToBeVisibleAsync();
    }

    [ChromiumFact]
    public async Task A_person_creates_an_api_key_on_the_account_page_and_it_works_once_revoked_it_does_not()
    {
        using var data = new TempDirectory();
        await using var app = new AugurAppFactory(data.Path);
        var baseUrl = app.Start();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<UserService>().CreateAsync("kim", "kim-password", false, CancellationToken.None);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var page = await SignInAsync(browser, baseUrl, "kim");
        await page.GetByTestId("account-link").ClickAsync();
        await WaitForInteractiveAsync(page);
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("script");
        await page.GetByTestId("create-key").ClickAsync();
        var secret = await page.GetByTestId("new-key-secret").InnerTextAsync();
        Assert.StartsWith("augur_", secret, StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = TestArtifacts.PathFor("SharingBrowserTests/account-key.png") });

        using var http = new HttpClient { BaseAddress = baseUrl };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/api/v1/projects")).StatusCode);

        await page.GetByTestId("key-row").GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("key-row")).ToContainTextAsync("revoked");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await http.GetAsync("/api/v1/projects")).StatusCode);
    }

    private static async Task<IPage> SignInAsync(IBrowser browser, Uri baseUrl, string userName)
    {
        var context = await Browsers.NewContextAsync(browser, baseUrl);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login"));
        await page.FillAsync("#userName", userName);
        await page.FillAsync("#password", $"{userName}-password");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Projects", Exact = true })).ToBeVisibleAsync();
        await WaitForInteractiveAsync(page);
        return page;
    }

    private static async Task WaitForInteractiveAsync(IPage page) =>
        await Assertions.Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1);
}
