using System.Net;
using System.Net.Http.Json;

namespace Augur.Web.Tests;

public sealed class ReasonCodeApiTests
{
    [Fact]
    public async Task Predict_routes_add_reason_codes_only_when_asked_and_refuse_a_bad_explain_value()
    {
        await using var factory = new AugurFactory();
        using var admin = await factory.SignInAsync();
        var projectId = await admin.CreateProjectAsync("Reasons");
        await ChurnBundle.ImportAsync(admin, projectId);
        var predict = $"/api/v1/projects/{projectId}/models/churn/predict";

        var plain = await ServingScenario.PostAsync(admin, predict, new { rows = new[] { Api.CustomerRow() } });
        Assert.Null(plain["predictions"]![0]!["reasons"]);

        var explained = await ServingScenario.PostAsync(admin, predict + "?explain=true", new { rows = new[] { Api.CustomerRow(), Api.CustomerRow() } });
        var reasons = explained["predictions"]![0]!["reasons"]!.AsArray();
        Assert.InRange(reasons.Count, 1, 3);
        Assert.All(reasons, r =>
        {
            Assert.False(string.IsNullOrEmpty(r!["column"]!.GetValue<string>()));
            Assert.Equal(r["contribution"]!.GetValue<double>() >= 0 ? "up" : "down", r["direction"]!.GetValue<string>());
        });

        var fromBody = await ServingScenario.PostAsync(admin, predict, new { rows = new[] { Api.CustomerRow() }, explain = 1 });
        Assert.Single(fromBody["predictions"]![0]!["reasons"]!.AsArray());

        var bad = await admin.PostAsJsonAsync(predict + "?explain=lots", new { rows = new[] { Api.CustomerRow() } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("explain", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var created = await admin.PostAsJsonAsync($"/api/v1/projects/{projectId}/endpoints", new { name = "explained", model = "churn", targets = new[] { new { version = "v1", weight = 100 } } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var endpoint = await ServingScenario.PostAsync(admin, $"/api/v1/projects/{projectId}/endpoints/explained/predict?explain=2", new { rows = new[] { Api.CustomerRow() } });
        Assert.InRange(endpoint["predictions"]![0]!["reasons"]!.AsArray().Count, 1, 2);
    }
}
