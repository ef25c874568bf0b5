using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Augur.Platform.Recommendations;
using Augur.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Augur.Web.Tests;

/// <summary>
/// The whole recommendations path through the API, on whichever database the factory uses: a recommendations
/// project, an event log and a catalogue, a real training job, serving (precomputed, live, popular, similar),
/// the batch triggered directly, a viewer and another tenant.
/// </summary>
public static class RecommendationsScenario
{
    public static async Task<(string ProjectId, string RunId)> TrainAsync(HttpClient client, string name = "Tea shop")
    {
        var created = await client.PostAsJsonAsync("/api/v1/projects", new { name, kind = "recommendations" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var project = await created.ReadObjectAsync();
        Assert.Equal("recommendations", project["kind"]!.GetValue<string>());
        var projectId = project["id"]!.GetValue<string>();
        var events = await client.UploadAsync(projectId, "store-events.csv", StoreEvents.Log());
        Assert.Equal(HttpStatusCode.Created, events.StatusCode);
        var catalogue = await client.UploadAsync(projectId, "catalogue.csv", StoreEvents.Catalogue());
        Assert.Equal(HttpStatusCode.Created, catalogue.StatusCode);
        var start = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/recommenders", new
        {
            eventsDatasetId = (await events.ReadObjectAsync())["id"]!.GetValue<string>(),
            catalogueDatasetId = (await catalogue.ReadObjectAsync())["id"]!.GetValue<string>(),
            model = "sar",
            eventWeights = new Dictionary<string, float> { ["view"] = 1, ["cart"] = 2, ["purchase"] = 6 },
        });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var runId = (await start.ReadObjectAsync())["id"]!.GetValue<string>();
        var run = await WaitAsync(client, projectId, runId, r => r["status"]!.GetValue<string>() is "succeeded" or "failed" && r["batchAt"] is not null || r["status"]!.GetValue<string>() == "failed");
        Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.Json());
        return (projectId, runId);
    }

    public static async Task RunAsync(AugurFactory factory)
    {
        using var owner = await factory.SignInAsync();
        var (projectId, runId) = await TrainAsync(owner);

        var run = await (await owner.GetAsync($"/api/v1/projects/{projectId}/recommenders/{runId}")).ReadObjectAsync();
        Assert.Equal(1, run["version"]!.GetValue<int>());
        Assert.Equal(6f, run["setup"]!["eventWeights"]!["purchase"]!.GetValue<float>());
        var models = run["reports"]!.AsArray().Select(r => r!["model"]!.GetValue<string>()).ToList();
        Assert.Equal(["popularity", "recent-popularity", "cluster-popularity", "sar"], models);
        Assert.True(run["batchUsers"]!.GetValue<int>() > 0, run.Json());

        // A known customer: the nightly list, no item they bought, a reason on every item, names from the catalogue.
        var list = await GetObjectAsync(owner, $"/api/v1/projects/{projectId}/recommendations/c1?k=5");
        Assert.Equal("precomputed", list["source"]!.GetValue<string>());
        var items = list["items"]!.AsArray();
        Assert.Equal(5, items.Count);
        Assert.All(items, i => Assert.False(string.IsNullOrWhiteSpace(i!["reason"]!.GetValue<string>())));
        Assert.All(items, i => Assert.NotNull(i!["name"]));
        var history = await HistoryAsync(factory, projectId, "c1");
        var purchased = history.Where(h => h.Purchased).Select(h => h.ItemId).ToHashSet();
        Assert.NotEmpty(purchased);
        Assert.DoesNotContain(items, i => purchased.Contains(i!["itemId"]!.GetValue<string>()));

        // With the switch off the list is computed live and may hold what they bought.
        var keep = await GetObjectAsync(owner, $"/api/v1/projects/{projectId}/recommendations/c1?k=5&excludePurchased=false");
        Assert.Equal("live", keep["source"]!.GetValue<string>());

        // Someone the model has never met gets the popular items.
        var stranger = await GetObjectAsync(owner, $"/api/v1/projects/{projectId}/recommendations/new-visitor?k=3");
        Assert.Equal("popular", stranger["source"]!.GetValue<string>());
        Assert.False(stranger["known"]!.GetValue<bool>());
        Assert.Equal(3, stranger["items"]!.AsArray().Count);

        var similar = await owner.GetAsync($"/api/v1/projects/{projectId}/recommendations/items/{StoreEvents.ItemId(0)}/similar?k=4");
        Assert.Equal(HttpStatusCode.OK, similar.StatusCode);
        var alike = await similar.ReadArrayAsync();
        Assert.Equal(4, alike.Count);
        Assert.StartsWith("often chosen with Tea no. 1", alike[0]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/api/v1/projects/{projectId}/recommendations/items/no-such-item/similar")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.GetAsync($"/api/v1/projects/{projectId}/recommendations/c1?k=0")).StatusCode);

        // The nightly batch, triggered directly: it writes a fresh list file and points the version at it.
        using (var scope = factory.Services.CreateScope())
        {
            var outcomes = await scope.ServiceProvider.GetRequiredService<RecommendationBatch>().RunAsync(Guid.Parse(projectId), CancellationToken.None);
            var outcome = Assert.Single(outcomes);
            Assert.Equal(1, outcome.Version);
            Assert.Equal(run["batchUsers"]!.GetValue<int>(), outcome.ActiveUsers);
        }

        var after = await (await owner.GetAsync($"/api/v1/projects/{projectId}/recommenders/{runId}")).ReadObjectAsync();
        Assert.True(after["batchAt"]!.GetValue<DateTime>() >= run["batchAt"]!.GetValue<DateTime>());
        Assert.Equal("precomputed", (await GetObjectAsync(owner, $"/api/v1/projects/{projectId}/recommendations/c2"))["source"]!.GetValue<string>());

        await ServingKeyAsync(factory, owner, projectId);

        // A viewer reads; another tenant sees nothing at all.
        using var viewer = await factory.CreateUserAndSignInAsync("shop-viewer");
        (await owner.PostAsJsonAsync($"/api/v1/projects/{projectId}/members", new { userName = "shop-viewer", role = "viewer" })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/v1/projects/{projectId}/recommendations/c1")).StatusCode);
        using var other = await factory.CreateUserAndSignInAsync("other-tenant");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/projects/{projectId}/recommendations/c1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/projects/{projectId}/recommendations/items/{StoreEvents.ItemId(0)}/similar")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/projects/{projectId}/recommenders/{runId}")).StatusCode);

        await AliasesAndRollbackAsync(owner, other, viewer, projectId, runId);
    }

    /// <summary>A second version answers while there is no champion; one call rolls back, aliases promote again, all audited.</summary>
    private static async Task AliasesAndRollbackAsync(HttpClient owner, HttpClient other, HttpClient viewer, string projectId, string firstRunId)
    {
        var first = await (await owner.GetAsync($"/api/v1/projects/{projectId}/recommenders/{firstRunId}")).ReadObjectAsync();
        var start = await owner.PostAsJsonAsync($"/api/v1/projects/{projectId}/recommenders", new
        {
            eventsDatasetId = first["eventsDatasetId"]!.GetValue<string>(),
            catalogueDatasetId = first["catalogueDatasetId"]!.GetValue<string>(),
            model = "popularity",
        });
        var secondId = (await start.ReadObjectAsync())["id"]!.GetValue<string>();
        var second = await WaitAsync(owner, projectId, secondId, r => r["status"]!.GetValue<string>() == "failed" || r["batchAt"] is not null);
        Assert.Equal(2, second["version"]!.GetValue<int>());
        var served = async () => (await GetObjectAsync(owner, $"/api/v1/projects/{projectId}/recommendations/c1"))["version"]!.GetValue<int>();
        Assert.Equal(2, await served());

        var rolled = await owner.PostAsync($"/api/v1/projects/{projectId}/recommenders/rollback", null);
        Assert.Equal(HttpStatusCode.OK, rolled.StatusCode);
        var champion = await rolled.ReadObjectAsync();
        Assert.Equal(1, champion["version"]!.GetValue<int>());
        Assert.Equal(2, champion["previousVersion"]!.GetValue<int>());
        Assert.Equal(1, await served());

        Assert.Equal(HttpStatusCode.OK, (await owner.PutAsJsonAsync($"/api/v1/projects/{projectId}/recommenders/aliases/champion", new { version = 2 })).StatusCode);
        Assert.Equal(2, await served());
        Assert.Equal(HttpStatusCode.OK, (await owner.PutAsJsonAsync($"/api/v1/projects/{projectId}/recommenders/aliases/challenger", new { version = 1 })).StatusCode);
        var aliases = await (await viewer.GetAsync($"/api/v1/projects/{projectId}/recommenders/aliases")).ReadArrayAsync();
        Assert.Equal(["challenger", "champion"], aliases.Select(a => a!["name"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsync($"/api/v1/projects/{projectId}/recommenders/rollback", null)).StatusCode);
        Assert.Equal(1, await served());

        var missing = await owner.PutAsJsonAsync($"/api/v1/projects/{projectId}/recommenders/aliases/champion", new { version = 9 });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("version 9", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PutAsJsonAsync($"/api/v1/projects/{projectId}/recommenders/aliases/no%20spaces", new { version = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/api/v1/projects/{projectId}/recommenders/rollback", null)).StatusCode);

        // Another tenant cannot see, move or roll back the aliases.
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/projects/{projectId}/recommenders/aliases")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PutAsJsonAsync($"/api/v1/projects/{projectId}/recommenders/aliases/champion", new { version = 2 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/v1/projects/{projectId}/recommenders/rollback", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"/api/v1/projects/{projectId}/recommenders/aliases/champion")).StatusCode);

        // Without a champion the newest version answers again.
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/v1/projects/{projectId}/recommenders/aliases/champion")).StatusCode);
        Assert.Equal(2, await served());

        var audit = await (await owner.GetAsync($"/api/v1/projects/{projectId}/audit?action=recommender.")).ReadArrayAsync();
        var actions = audit.Select(e => e!["action"]!.GetValue<string>()).ToList();
        Assert.Equal(2, actions.Count(a => a == "recommender.rollback"));
        Assert.Contains("recommender.alias.set", actions);
        Assert.Contains("recommender.alias.remove", actions);
    }

    /// <summary>A shop's serving key (a project-wide endpoint key) serves this project only, and stops the moment it is revoked.</summary>
    private static async Task ServingKeyAsync(AugurFactory factory, HttpClient owner, string projectId)
    {
        var created = await (await owner.PostAsJsonAsync($"/api/v1/projects/{projectId}/endpoint-keys", new { name = "web shop" })).ReadObjectAsync();
        using var shop = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
        shop.DefaultRequestHeaders.Add("X-Api-Key", created["secret"]!.GetValue<string>());
        Assert.Equal("precomputed", (await GetObjectAsync(shop, $"/api/v1/projects/{projectId}/recommendations/c1?k=3"))["source"]!.GetValue<string>());
        Assert.Equal("popular", (await GetObjectAsync(shop, $"/api/v1/projects/{projectId}/recommendations/new-visitor"))["source"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await shop.GetAsync($"/api/v1/projects/{projectId}/recommendations/items/{StoreEvents.ItemId(0)}/similar")).StatusCode);
        // It serves and does nothing else: no training runs, no other project.
        Assert.Equal(HttpStatusCode.Forbidden, (await shop.GetAsync($"/api/v1/projects/{projectId}/recommenders")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await shop.GetAsync($"/api/v1/projects/{Guid.NewGuid()}/recommendations/c1")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/v1/projects/{projectId}/endpoint-keys/{created["key"]!["id"]!.GetValue<string>()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await shop.GetAsync($"/api/v1/projects/{projectId}/recommendations/c1")).StatusCode);
    }

    public static async Task<JsonObject> WaitAsync(HttpClient client, string projectId, string runId, Func<JsonObject, bool> done)
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        while (true)
        {
            var run = await (await client.GetAsync($"/api/v1/projects/{projectId}/recommenders/{runId}", cancellation.Token)).ReadObjectAsync();
            if (done(run))
            {
                return run;
            }

            await timer.WaitForNextTickAsync(cancellation.Token);
        }
    }

    private static async Task<JsonObject> GetObjectAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.ReadObjectAsync();
    }

    private static async Task<IReadOnlyList<HistoryEntry>> HistoryAsync(AugurFactory factory, string projectId, string customer)
    {
        using var scope = factory.Services.CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<RecommendationService>();
        var admin = new Augur.Platform.Caller(Guid.Empty, "admin", true);
        return await service.HistoryAsync(admin, Guid.Parse(projectId), customer, CancellationToken.None);
    }
}
