using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Augur.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Augur.Web.Tests;

/// <summary>A project's alerts posted to a webhook: who may set it, that its address stays secret, and that alerts arrive.</summary>
public sealed class AlertWebhookTests
{
    private const string Token = "T0KEN-secret-9f3a";

    [Fact]
    public async Task An_owner_points_alerts_at_a_webhook_that_gets_a_test_and_each_alert_raised_and_its_address_is_never_shown()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var factory = new AugurFactory();
        // The receiver is on this machine: allowed here as an administrator would allow a company relay.
        factory.Settings["Augur:Monitoring:AllowPrivateWebhooks"] = "true";
        using var owner = await factory.CreateUserAndSignInAsync("owner");
        using var editor = await factory.CreateUserAndSignInAsync("eddie");
        using var stranger = await factory.CreateUserAndSignInAsync("intruder");
        var projectId = await owner.CreateProjectAsync("Hooked");
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync($"/api/v1/projects/{projectId}/members", new { userName = "eddie", role = "editor" })).StatusCode);
        var webhook = $"/api/v1/projects/{projectId}/alerts/webhook";
        Assert.Null((await (await editor.GetAsync(webhook)).ReadObjectAsync())["host"]);

        // Only the owner sets it, and a missing address is refused rather than taken to mean "nowhere".
        var url = $"{receiver.Address}/hook/{Token}";
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.PutAsJsonAsync(webhook, new { url })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PutAsJsonAsync(webhook, new { url })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PutAsJsonAsync(webhook, new { })).StatusCode);
        var set = await owner.PutAsJsonAsync(webhook, new { url });
        Assert.True(set.StatusCode == HttpStatusCode.OK, await set.Content.ReadAsStringAsync());
        Assert.Equal("127.0.0.1", (await set.ReadObjectAsync())["host"]!.GetValue<string>());
        Assert.Equal("127.0.0.1", (await (await editor.GetAsync(webhook)).ReadObjectAsync())["host"]!.GetValue<string>());

        var test = await (await owner.PostAsync($"{webhook}/test", null)).ReadObjectAsync();
        Assert.True(test["sent"]!.GetValue<bool>(), test.ToJsonString());
        Assert.StartsWith("Augur · Hooked: this is a test.", (await receiver.NextAsync())["text"]!.GetValue<string>(), StringComparison.Ordinal);

        // A served model found much worse on newer data raises an alert, and the alert is posted.
        await owner.ServeChurnAsync(projectId);
        await owner.UploadAsync(projectId, "october.csv", await Api.TurnedTelcoAsync());

        var posted = await receiver.NextAsync();
        Assert.Equal(("accuracy", "churn-api", "churn", 1), (posted["kind"]!.GetValue<string>(), posted["endpoint"]!.GetValue<string>(), posted["model"]!.GetValue<string>(), posted["version"]!.GetValue<int>()));
        Assert.StartsWith("Augur · Hooked: churn-api — churn v1 is much worse on 'october'", posted["text"]!.GetValue<string>(), StringComparison.Ordinal);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while ((await (await owner.GetAsync($"/api/v1/projects/{projectId}/alerts", timeout.Token)).Content.ReadFromJsonAsync<JsonArray>(timeout.Token))!.Single()!["notifiedAt"] is null)
            {
                await Task.Delay(100, timeout.Token);
            }
        }

        // A webhook that refuses is said in words, with its host and never its address.
        Assert.Equal(HttpStatusCode.OK, (await owner.PutAsJsonAsync(webhook, new { url = $"{receiver.Address}/fail/{Token}" })).StatusCode);
        var refused = await (await owner.PostAsync($"{webhook}/test", null)).ReadObjectAsync();
        Assert.False(refused["sent"]!.GetValue<bool>());
        Assert.Equal("127.0.0.1 did not take it (500 Internal Server Error); Augur tries again in a few minutes.", refused["error"]!.GetValue<string>());

        // The address is a secret: not in any answer, the audit trail, the logs, nor the database in clear.
        foreach (var path in new[] { webhook, $"/api/v1/projects/{projectId}/alerts", $"/api/v1/projects/{projectId}/audit", $"/api/v1/projects/{projectId}" })
        {
            Assert.DoesNotContain(Token, await (await owner.GetAsync(path)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Token, factory.Logs.Text, StringComparison.Ordinal);
        using (var scope = factory.Services.CreateScope())
        {
            var stored = scope.ServiceProvider.GetRequiredService<Augur.Platform.Database.AugurDbContext>().Projects.Single(p => p.Id == Guid.Parse(projectId)).AlertWebhookProtected;
            Assert.NotNull(stored);
            Assert.DoesNotContain(Token, stored, StringComparison.Ordinal);
        }

        // Taken away, alerts are posted nowhere.
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync(webhook)).StatusCode);
        Assert.Null((await (await owner.GetAsync(webhook)).ReadObjectAsync())["host"]);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PostAsync($"{webhook}/test", null)).StatusCode);
    }

    [Fact]
    public async Task By_default_a_webhook_must_be_https_on_the_internet_and_never_this_machine_or_a_private_network()
    {
        await using var factory = new AugurFactory();
        using var owner = await factory.CreateUserAndSignInAsync("owner");
        var projectId = await owner.CreateProjectAsync("Careful");
        var webhook = $"/api/v1/projects/{projectId}/alerts/webhook";

        foreach (var (url, why) in new[]
        {
            ("http://chat.example.com/hook", "The webhook must start with https://"),
            ("https://127.0.0.1/hook", "127.0.0.1 is on a private network"),
            ("https://localhost/hook", "localhost is on a private network"),
            ("https://10.1.2.3/hook", "10.1.2.3 is on a private network"),
            ("https://169.254.169.254/latest/meta-data", "169.254.169.254 is on a private network"),
            ("https://user:pass@hooks.example.com/x", "Leave the user name and password out"),
            ("hooks.slack.com/services/x", "must be a web address starting with https://"),
        })
        {
            var refused = await owner.PutAsJsonAsync(webhook, new { url });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains(why, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // The same rule decides each connection, after the name is looked up (a public name that leads inside is refused too).
        Assert.True(Augur.Platform.Monitoring.WebhookAddresses.IsPrivate(System.Net.IPAddress.Parse("::ffff:192.168.1.20")));
        Assert.False(Augur.Platform.Monitoring.WebhookAddresses.IsPrivate(System.Net.IPAddress.Parse("93.184.216.34")));
    }

    [Fact]
    public async Task An_alert_stored_but_never_queued_is_posted_by_the_hourly_check_and_older_or_earlier_ones_are_not()
    {
        await using var factory = new AugurFactory();
        await UnsentAlertsAsync(factory);
    }

    [PostgresFact]
    public async Task Unsent_alerts_are_found_the_same_on_postgresql()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        await using var factory = new AugurFactory(database.ConnectionString);
        await UnsentAlertsAsync(factory);
    }

    private static async Task UnsentAlertsAsync(AugurFactory factory)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        factory.Settings["Augur:Monitoring:AllowPrivateWebhooks"] = "true";
        using var owner = await factory.CreateUserAndSignInAsync("owner");
        var projectId = await owner.CreateProjectAsync("Swept");
        await owner.ServeChurnAsync(projectId);
        Assert.Equal(HttpStatusCode.OK, (await owner.PutAsJsonAsync($"/api/v1/projects/{projectId}/alerts/webhook", new { url = $"{receiver.Address}/hook/{Token}" })).StatusCode);

        // As if a node had stopped between storing each alert and queuing its post; the webhook was given an hour ago.
        var now = DateTime.UtcNow;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Augur.Platform.Database.AugurDbContext>();
            var project = db.Projects.Single(p => p.Id == Guid.Parse(projectId));
            db.Entry(project).Property(p => p.AlertWebhookSince).CurrentValue = now.AddHours(-1);
            var endpoint = db.Deployments.Single(d => d.ProjectId == project.Id);
            Augur.Platform.Monitoring.Alert Raised(string message, TimeSpan ago) => Augur.Platform.Monitoring.Alert.Raise(
                project.Id, endpoint.Id, endpoint.Name, "churn", 1, Augur.Platform.Monitoring.AlertKind.Drift, message, now - ago);
            db.Alerts.AddRange(
                Raised("never posted", TimeSpan.FromMinutes(10)),
                Raised("just raised: its post may still be queued", TimeSpan.FromMinutes(1)),
                Raised("raised before the webhook was given", TimeSpan.FromHours(2)),
                Raised("two days old", TimeSpan.FromDays(2)));
            await db.SaveChangesAsync();
        }

        var scheduler = await factory.Services.GetRequiredService<Quartz.ISchedulerFactory>().GetScheduler();
        await scheduler.TriggerJob(Augur.Platform.Monitoring.DriftMonitorJob.Key);

        Assert.Equal("never posted", (await receiver.NextAsync())["message"]!.GetValue<string>());
        JsonArray alerts;
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while (!(alerts = (await (await owner.GetAsync($"/api/v1/projects/{projectId}/alerts", timeout.Token)).Content.ReadFromJsonAsync<JsonArray>(timeout.Token))!)
                .Any(a => a!["notifiedAt"] is not null))
            {
                await Task.Delay(100, timeout.Token);
            }
        }

        Assert.Equal(["never posted"], alerts.Where(a => a!["notifiedAt"] is not null).Select(a => a!["message"]!.GetValue<string>()));

        // Posted once: the next check finds it sent.
        await scheduler.TriggerJob(Augur.Platform.Monitoring.DriftMonitorJob.Key);
        Assert.Null(await receiver.NextOrNullAsync(TimeSpan.FromSeconds(5)));
    }

    /// <summary>A web server on this machine that keeps what is posted to /hook/… and answers 500 to /fail/….</summary>
    private sealed class WebhookReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly BlockingCollection<JsonObject> _posts = [];

        private WebhookReceiver(WebApplication app) => _app = app;

        public string Address { get; private set; } = "";

        public static async Task<WebhookReceiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var receiver = new WebhookReceiver(app);
            app.MapPost("/hook/{token}", async (HttpContext context) =>
            {
                receiver._posts.Add((await JsonNode.ParseAsync(context.Request.Body))!.AsObject());
                return Results.Ok();
            });
            app.MapPost("/fail/{token}", () => Results.StatusCode(500));
            await app.StartAsync();
            receiver.Address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            return receiver;
        }

        public async Task<JsonObject> NextAsync() =>
            await Task.Run(() => _posts.TryTake(out var post, TimeSpan.FromSeconds(60)) ? post : throw new TimeoutException("Nothing was posted to the webhook within 60 seconds."));

        /// <summary>The next post within <paramref name="wait"/>, or null when none came.</summary>
        public async Task<JsonObject?> NextOrNullAsync(TimeSpan wait) =>
            await Task.Run(() => _posts.TryTake(out var post, wait) ? post : null);

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _posts.Dispose();
        }
    }
}
