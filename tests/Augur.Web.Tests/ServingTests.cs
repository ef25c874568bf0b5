using System.Net;
using System.Net.Http.Json;
using Augur.Testing;
using Microsoft.Data.Sqlite;

namespace Augur.Web.Tests;

public sealed class ServingTests
{
    private static AugurFactory Factory(string? postgres = null)
    {
        var factory = new AugurFactory(postgres);
        factory.Settings["Augur:Serving:LogSampleRate"] = "1";
        return factory;
    }

    [Fact]
    public async Task Endpoints_split_stick_shadow_take_mlflow_payloads_and_keep_keys_to_predicting_on_sqlite()
    {
        await using var factory = Factory();
        await ServingScenario.RunAsync(factory);
    }

    [PostgresFact]
    public async Task Endpoints_split_stick_shadow_take_mlflow_payloads_and_keep_keys_to_predicting_on_postgresql()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        await using var factory = Factory(database.ConnectionString);
        await ServingScenario.RunAsync(factory);
    }

    [Fact]
    public async Task A_target_that_keeps_failing_is_rolled_back_automatically_and_the_audit_log_says_so()
    {
        await using var factory = Factory();
        using var admin = await factory.SignInAsync();
        var projectId = await admin.CreateProjectAsync("Rollback");
        await ChurnBundle.ImportAsync(admin, projectId);
        var before = BundleFiles(factory);
        await ChurnBundle.ImportAsync(admin, projectId);
        // v2's bundle disappears from storage: its requests fail on the server's side, not the caller's.
        foreach (var file in BundleFiles(factory).Except(before))
        {
            File.Delete(file);
        }

        var created = await admin.PostAsJsonAsync($"/api/v1/projects/{projectId}/endpoints", new
        {
            name = "fragile",
            model = "churn",
            targets = new[] { new { version = "v1", weight = 50 }, new { version = "v2", weight = 50 } },
            rollbackErrorRate = 0.5,
            rollbackMinRequests = 5,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var predict = $"/api/v1/projects/{projectId}/endpoints/fragile/predict";
        var unavailable = 0;
        for (var i = 0; i < 40; i++)
        {
            var response = await admin.PostAsJsonAsync(predict, new { rows = new[] { Api.CustomerRow() } });
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"{response.StatusCode}");
            unavailable += response.StatusCode == HttpStatusCode.ServiceUnavailable ? 1 : 0;
        }

        Assert.True(unavailable > 0);
        await ServingScenario.WaitUntilAsync(async () =>
        {
            var endpoint = await (await admin.GetAsync($"/api/v1/projects/{projectId}/endpoints/fragile")).ReadObjectAsync();
            return endpoint["targets"]!.AsArray().Count == 1 && endpoint["lastRollbackReason"] is not null;
        });
        var endpoint = await (await admin.GetAsync($"/api/v1/projects/{projectId}/endpoints/fragile")).ReadObjectAsync();
        Assert.Equal("v1", endpoint["targets"]![0]!["version"]!.GetValue<string>());
        Assert.Contains("v2", endpoint["lastRollbackReason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("endpoint.rollback.auto", await (await admin.GetAsync($"/api/v1/projects/{projectId}/audit")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(1, (await ServingScenario.PostAsync(admin, predict, new { rows = new[] { Api.CustomerRow() } }))["version"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task A_full_or_broken_prediction_log_never_fails_a_prediction()
    {
        await using var factory = Factory();
        factory.Settings["Augur:Serving:LogQueueCapacity"] = "1";
        using var admin = await factory.SignInAsync();
        var projectId = await admin.CreateProjectAsync("Logging");
        await ChurnBundle.ImportAsync(admin, projectId);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/v1/projects/{projectId}/endpoints", new { name = "logged", model = "churn", version = "latest" })).StatusCode);
        var predict = $"/api/v1/projects/{projectId}/endpoints/logged/predict";
        var rows = Enumerable.Range(0, 20).Select(_ => Api.CustomerRow()).ToArray();

        // Full: 20 log rows per request into a queue of one.
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(20, (await ServingScenario.PostAsync(admin, predict, new { rows }))["predictions"]!.AsArray().Count);
        }

        // Broken: the table is gone, so every write fails.
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(factory.DataDirectory, "augur.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "DROP TABLE PredictionLogs";
            await command.ExecuteNonQueryAsync();
        }

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(20, (await ServingScenario.PostAsync(admin, predict, new { rows }))["predictions"]!.AsArray().Count);
        }

        await ServingScenario.WaitUntilAsync(async () =>
        {
            var stats = await (await admin.GetAsync($"/api/v1/projects/{projectId}/endpoints/logged/stats")).ReadObjectAsync();
            return stats["logDropped"]!.GetValue<long>() > 0 && stats["logFailed"]!.GetValue<long>() > 0;
        });
    }

    private static string[] BundleFiles(AugurFactory factory) =>
        Directory.GetFiles(factory.DataDirectory, "*.augur", SearchOption.AllDirectories);
}
