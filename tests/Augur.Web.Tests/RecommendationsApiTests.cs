using System.Net;
using System.Net.Http.Json;
using System.Text;
using Augur.Testing;

namespace Augur.Web.Tests;

public sealed class RecommendationsApiTests
{
    [Fact]
    public async Task A_store_project_trains_serves_precomputes_and_stays_private_on_sqlite()
    {
        await using var factory = new AugurFactory();
        await RecommendationsScenario.RunAsync(factory);
    }

    [PostgresFact]
    public async Task A_store_project_trains_serves_precomputes_and_stays_private_on_postgresql()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        await using var factory = new AugurFactory(database.ConnectionString);
        await RecommendationsScenario.RunAsync(factory);
    }

    [Fact]
    public async Task An_event_logged_twice_is_kept_by_the_upload_and_read_once_by_training()
    {
        await using var factory = new AugurFactory();
        using var client = await factory.SignInAsync();
        var created = await client.PostAsJsonAsync("/api/v1/projects", new { name = "Shop", kind = "recommendations" });
        var shop = (await created.ReadObjectAsync())["id"]!.GetValue<string>();
        // The log has no event ID, so the upload keeps every repeat (as for any table without one).
        var log = Encoding.UTF8.GetString(StoreEvents.Log(customers: 12));
        var body = log[(log.IndexOf('\n', StringComparison.Ordinal) + 1)..];
        var events = await (await client.UploadAsync(shop, "store-events.csv", Encoding.UTF8.GetBytes(log + body))).ReadObjectAsync();
        var distinct = body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).Count();
        Assert.Equal(2 * distinct, events["rows"]!.GetValue<long>());
        Assert.Equal(distinct, events["duplicateRowsKept"]!.GetValue<long>());

        var start = await client.PostAsJsonAsync($"/api/v1/projects/{shop}/recommenders", new { eventsDatasetId = events["id"]!.GetValue<string>(), model = "popularity" });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var run = await RecommendationsScenario.WaitAsync(client, shop, (await start.ReadObjectAsync())["id"]!.GetValue<string>(), r => r["status"]!.GetValue<string>() is "succeeded" or "failed");
        Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.Json());
        Assert.Equal(distinct, run["interactions"]!.GetValue<long>());
    }

    [Fact]
    public async Task Recommendations_in_a_tabular_project_or_with_a_missing_column_are_a_clear_400()
    {
        await using var factory = new AugurFactory();
        using var client = await factory.SignInAsync();
        var tabular = await client.CreateProjectAsync("Churn");
        var response = await client.GetAsync($"/api/v1/projects/{tabular}/recommendations/c1");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("tabular project", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var created = await client.PostAsJsonAsync("/api/v1/projects", new { name = "Shop", kind = "recommendations" });
        var shop = (await created.ReadObjectAsync())["id"]!.GetValue<string>();
        var untrained = await client.GetAsync($"/api/v1/projects/{shop}/recommendations/c1");
        Assert.Equal(HttpStatusCode.BadRequest, untrained.StatusCode);
        Assert.Contains("no trained recommender yet", await untrained.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var events = await (await client.UploadAsync(shop, "store-events.csv", StoreEvents.Log(customers: 6))).ReadObjectAsync();
        var start = await client.PostAsJsonAsync($"/api/v1/projects/{shop}/recommenders", new { eventsDatasetId = events["id"]!.GetValue<string>(), itemColumn = "sku_code" });
        Assert.Equal(HttpStatusCode.BadRequest, start.StatusCode);
        var body = await start.ReadObjectAsync();
        Assert.Contains("sku_code", body["errors"]!["itemColumn"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        var weights = await client.PostAsJsonAsync($"/api/v1/projects/{shop}/recommenders", new { eventsDatasetId = events["id"]!.GetValue<string>(), eventWeights = new { view = -1 } });
        Assert.Equal(HttpStatusCode.BadRequest, weights.StatusCode);
        Assert.NotNull((await weights.ReadObjectAsync())["errors"]!["eventWeights"]);
    }
}
