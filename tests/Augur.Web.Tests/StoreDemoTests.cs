using System.Net;
using Augur.Platform.Recommendations;

namespace Augur.Web.Tests;

public sealed class StoreDemoTests
{
    [Fact]
    public async Task The_shop_demo_is_seeded_trains_in_the_background_and_recommends_with_product_names()
    {
        await using var factory = new AugurFactory();
        factory.Settings["Augur:SeedDemo"] = "true";
        using var client = await factory.SignInAsync();
        var projects = await (await client.GetAsync("/api/v1/projects")).ReadArrayAsync();
        var shop = projects.Single(p => p!["name"]!.GetValue<string>() == StoreDemoSeeder.ProjectName)!;
        Assert.Equal("recommendations", shop["kind"]!.GetValue<string>());
        var projectId = shop["id"]!.GetValue<string>();
        var runs = await (await client.GetAsync($"/api/v1/projects/{projectId}/recommenders")).ReadArrayAsync();
        var runId = Assert.Single(runs)!["id"]!.GetValue<string>();
        var run = await RecommendationsScenario.WaitAsync(client, projectId, runId, r => r["batchAt"] is not null || r["status"]!.GetValue<string>() == "failed");
        Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.Json());

        var response = await client.GetAsync($"/api/v1/projects/{projectId}/recommendations/C000001?k=5");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = (await response.ReadObjectAsync())["items"]!.AsArray();
        Assert.Equal(5, items.Count);
        Assert.All(items, i => Assert.False(string.IsNullOrEmpty(i!["name"]?.GetValue<string>())));
    }
}
