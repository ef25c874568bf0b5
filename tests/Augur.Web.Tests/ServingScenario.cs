using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Augur.Web.Tests;

/// <summary>
/// The endpoint path on one host (SQLite or PostgreSQL): a split, sticky keys, a shadow, MLflow payloads, per-row
/// errors, endpoint keys that can only predict, rollback with its audit entries, and another tenant kept out.
/// </summary>
public static class ServingScenario
{
    public static async Task RunAsync(AugurFactory factory)
    {
        using var admin = await factory.SignInAsync();
        var projectId = await admin.CreateProjectAsync("Serving");
        for (var i = 0; i < 3; i++)
        {
            await ChurnBundle.ImportAsync(admin, projectId);
        }

        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/projects/{projectId}/models/churn/aliases/champion", new { version = "1" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/projects/{projectId}/models/churn/aliases/challenger", new { version = "2" })).StatusCode);
        var created = await admin.PostAsJsonAsync($"/api/v1/projects/{projectId}/endpoints", new
        {
            name = "churn-api",
            model = "churn",
            targets = new[] { new { version = "champion", weight = 50 }, new { version = "challenger", weight = 50 } },
            shadows = new[] { "v3" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var predict = $"/api/v1/projects/{projectId}/endpoints/churn-api/predict";

        // The split roughly follows the weights, and the shadow never answers.
        var counts = new Dictionary<int, int>();
        for (var i = 0; i < 120; i++)
        {
            var answer = await PostAsync(admin, predict, new { rows = new[] { Api.CustomerRow() } });
            var version = answer["version"]!.GetValue<int>();
            counts[version] = counts.GetValueOrDefault(version) + 1;
            Assert.Equal("churn", answer["model"]!.GetValue<string>());
        }

        Assert.Equal([1, 2], counts.Keys.Order());
        Assert.InRange(counts[1], 30, 90);

        // A request key always meets the same version.
        var sticky = new HashSet<int>();
        for (var i = 0; i < 15; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, predict) { Content = JsonContent.Create(new { rows = new[] { Api.CustomerRow() } }) };
            request.Headers.Add("X-Request-Key", "customer-42");
            var response = await admin.SendAsync(request);
            sticky.Add((await response.ReadObjectAsync())["version"]!.GetValue<int>());
        }

        Assert.Single(sticky);
        var byQuery = (await PostAsync(admin, predict + "?key=customer-42", new { rows = new[] { Api.CustomerRow() } }))["version"]!.GetValue<int>();
        Assert.Equal(sticky.Single(), byQuery);

        // The shadow (v3) scored the requests in the background; its answers are counted and logged, never returned.
        await WaitUntilAsync(async () =>
        {
            var stats = await (await admin.GetAsync($"/api/v1/projects/{projectId}/endpoints/churn-api/stats")).ReadObjectAsync();
            return stats["targets"]!.AsArray().Any(t => t!["version"]!.GetValue<string>() == "shadow v3" && t["requests"]!.GetValue<long>() > 0)
                && stats["logged"]!.GetValue<long>() > 0;
        });

        // MLflow payloads: the same answers, in MLflow's "predictions" shape, naming the version.
        var row = Api.CustomerRow();
        var columns = row.Select(p => p.Key).ToArray();
        var values = row.Select(p => p.Value?.DeepClone()).ToArray();
        foreach (var body in new object[]
        {
            new { dataframe_split = new { columns, data = new[] { values, values } } },
            new { dataframe_records = new[] { row, Api.CustomerRow() } },
            new { instances = new[] { row, Api.CustomerRow() } },
        })
        {
            var answer = await PostAsync(admin, predict, body);
            Assert.Equal(2, answer["predictions"]!.AsArray().Count);
            Assert.All(answer["predictions"]!.AsArray(), p => Assert.NotNull(p));
            Assert.InRange(answer["version"]!.GetValue<int>(), 1, 2);
        }

        // One bad row gets its own errors; the rows around it are still answered.
        var bad = Api.CustomerRow();
        bad["tenure"] = "twelve";
        var mixed = await PostAsync(admin, predict, new { rows = new[] { Api.CustomerRow(), bad, Api.CustomerRow() } });
        Assert.Equal(1, mixed["failedRows"]!.GetValue<int>());
        Assert.NotNull(mixed["predictions"]![0]!["prediction"]);
        Assert.Equal("tenure", mixed["predictions"]![1]!["errors"]![0]!["field"]!.GetValue<string>());
        Assert.NotNull(mixed["predictions"]![2]!["prediction"]);
        var mlflowMixed = await PostAsync(admin, predict, new { dataframe_records = new[] { Api.CustomerRow(), bad } });
        Assert.Null(mlflowMixed["predictions"]![1]);
        Assert.Equal(1, mlflowMixed["errors"]![0]!["row"]!.GetValue<int>());
        var allBad = await admin.PostAsJsonAsync(predict, new { rows = new[] { bad } });
        Assert.Equal(HttpStatusCode.BadRequest, allBad.StatusCode);
        Assert.Contains("rows[0].tenure", await allBad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await EndpointKeysCanOnlyPredictAsync(factory, admin, projectId, predict);
        await RollbackIsAuditedAsync(admin, projectId);
        await OtherTenantsGetNotFoundAsync(factory, projectId, predict);
    }

    private static async Task EndpointKeysCanOnlyPredictAsync(AugurFactory factory, HttpClient admin, string projectId, string predict)
    {
        var response = await admin.PostAsJsonAsync($"/api/v1/projects/{projectId}/endpoint-keys", new { name = "web shop", endpoint = "churn-api" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadObjectAsync();
        var secret = created["secret"]!.GetValue<string>();
        Assert.StartsWith("augur_ep_", secret, StringComparison.Ordinal);
        var keyId = created["key"]!["id"]!.GetValue<string>();
        Assert.DoesNotContain(secret, await (await admin.GetAsync($"/api/v1/projects/{projectId}/endpoint-keys")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var app = factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        app.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsJsonAsync(predict, new { rows = new[] { Api.CustomerRow() } })).StatusCode);
        foreach (var (method, path) in new[]
        {
            ("GET", "/api/v1/projects"),
            ("GET", $"/api/v1/projects/{projectId}"),
            ("GET", $"/api/v1/projects/{projectId}/endpoints/churn-api"),
            ("POST", $"/api/v1/projects/{projectId}/endpoints/churn-api/rollback"),
            ("POST", $"/api/v1/projects/{projectId}/models/churn/predict"),
            ("GET", $"/api/v1/projects/{projectId}/endpoint-keys"),
            ("GET", "/api/v1/auth/me"),
        })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { rows = new[] { Api.CustomerRow() } }) };
            Assert.Equal(HttpStatusCode.Forbidden, (await app.SendAsync(request)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/projects/{projectId}/endpoint-keys/{keyId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.PostAsJsonAsync(predict, new { rows = new[] { Api.CustomerRow() } })).StatusCode);
        var keys = await (await admin.GetAsync($"/api/v1/projects/{projectId}/endpoint-keys")).ReadArrayAsync();
        Assert.NotNull(keys.Single()!["revokedAt"]);
        Assert.NotNull(keys.Single()!["lastUsedAt"]);
    }

    private static async Task RollbackIsAuditedAsync(HttpClient admin, string projectId)
    {
        var endpoint = $"/api/v1/projects/{projectId}/endpoints/churn-api";
        var promoted = await admin.PutAsJsonAsync(endpoint + "/split", new { targets = new[] { new { version = "challenger", weight = 100 } } });
        Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        Assert.Single((await promoted.ReadObjectAsync())["targets"]!.AsArray());
        var back = await (await admin.PostAsync(endpoint + "/rollback", null)).ReadObjectAsync();
        Assert.Equal(2, back["targets"]!.AsArray().Count);
        var audit = await (await admin.GetAsync($"/api/v1/projects/{projectId}/audit")).Content.ReadAsStringAsync();
        foreach (var action in new[] { "endpoint.create", "endpoint.split", "endpoint.rollback", "endpoint.key.create", "endpoint.key.revoke" })
        {
            Assert.Contains($"\"{action}\"", audit, StringComparison.Ordinal);
        }
    }

    private static async Task OtherTenantsGetNotFoundAsync(AugurFactory factory, string projectId, string predict)
    {
        using var stranger = await factory.CreateUserAndSignInAsync($"stranger{Guid.NewGuid():N}"[..20]);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/projects/{projectId}/endpoints/churn-api")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync(predict, new { rows = new[] { Api.CustomerRow() } })).StatusCode);

        // A key of the stranger's own project does not reach this project's endpoint either.
        var own = await stranger.CreateProjectAsync("Stranger's");
        var key = await (await stranger.PostAsJsonAsync($"/api/v1/projects/{own}/endpoint-keys", new { name = "mine" })).ReadObjectAsync();
        using var app = factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        app.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key["secret"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await app.PostAsJsonAsync(predict, new { rows = new[] { Api.CustomerRow() } })).StatusCode);
    }

    public static async Task<JsonObject> PostAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (!await condition())
        {
            Assert.True(await timer.WaitForNextTickAsync(timeout.Token));
        }
    }
}
