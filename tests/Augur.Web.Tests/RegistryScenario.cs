using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Augur.Web.Tests;

/// <summary>
/// The model registry on a project whose model "churn" has one trained version: lineage, export and import,
/// aliases with promotion and one-call rollback, tags and descriptions, and prediction by alias. Runs inside the
/// whole-path scenario, so it is checked on SQLite and on PostgreSQL without training again.
/// </summary>
public static class RegistryScenario
{
    public static async Task RunAsync(HttpClient client, string projectId)
    {
        var models = $"/api/v1/projects/{projectId}/models";
        var trained = await (await client.GetAsync($"{models}/churn/versions/1")).ReadObjectAsync();
        Assert.Equal("trained", trained["source"]!.GetValue<string>());
        Assert.NotNull(trained["runId"]!.GetValue<string>());
        Assert.NotNull(trained["datasetId"]!.GetValue<string>());
        Assert.Matches("^[0-9a-f]{64}$", trained["datasetHash"]!.GetValue<string>());
        Assert.True(trained["trialNumber"]!.GetValue<int>() >= 0, trained.Json());
        Assert.True(trained["bundleBytes"]!.GetValue<long>() > 0);
        // How the served model was made, as the trainer wrote it: refitted, or the versions it was checked with when time ran out.
        Assert.Matches(@"^(The model is|A blend of \d+ models:) .+ rows.*\.$", trained["servedModels"]!.GetValue<string>());

        // Export v1 and import it back: it becomes v2, marked as imported, and answers like v1.
        var exported = await client.GetAsync($"{models}/churn/versions/latest/bundle");
        Assert.Equal(HttpStatusCode.OK, exported.StatusCode);
        Assert.Equal("churn-v1.augur", exported.Content.Headers.ContentDisposition?.FileNameStar ?? exported.Content.Headers.ContentDisposition?.FileName);
        var bundle = await exported.Content.ReadAsByteArrayAsync();
        var imported = await ImportAsync(client, models, "churn", bundle, "Copied back from an export");
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var v2 = await imported.ReadObjectAsync();
        Assert.Equal(2, v2["version"]!.GetValue<int>());
        Assert.Equal("imported", v2["source"]!.GetValue<string>());
        Assert.Equal("Churn", v2["target"]!.GetValue<string>());
        // The bundle carries its report, so the imported version says how it was served, as the trained one did, and what it learned.
        Assert.Equal(trained["servedModels"]!.GetValue<string>(), v2["servedModels"]!.GetValue<string>());
        var v1Report = await (await client.GetAsync($"{models}/churn/versions/1/report")).ReadObjectAsync();
        var v2Report = await (await client.GetAsync($"{models}/churn/versions/2/report")).ReadObjectAsync();
        Assert.Equal(v1Report.ToJsonString(), v2Report.ToJsonString());

        var notBundle = await ImportAsync(client, models, "churn", "just text"u8.ToArray(), null);
        Assert.Equal(HttpStatusCode.BadRequest, notBundle.StatusCode);
        Assert.True((await notBundle.ReadObjectAsync())["errors"]!.AsObject().ContainsKey("bundle"));

        // An import under a new name creates the model.
        Assert.Equal(HttpStatusCode.Created, (await ImportAsync(client, models, "churn-copy", bundle, null)).StatusCode);
        var page = await (await client.GetAsync($"{models}?limit=1")).ReadObjectAsync();
        Assert.Equal(2, page["total"]!.GetValue<int>());
        Assert.Single(page["items"]!.AsArray());
        Assert.Equal("churn", page["items"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(2, page["items"]![0]!["latestVersion"]!.GetValue<int>());

        // Aliases: champion at v1, promoted to v2, rolled back in one call.
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"{models}/churn/aliases/champion", new { version = "1" })).StatusCode);
        var promoted = await (await client.PutAsJsonAsync($"{models}/churn/aliases/Champion", new { version = "v2" })).ReadObjectAsync();
        Assert.Equal(2, promoted["version"]!.GetValue<int>());
        Assert.Equal(1, promoted["previousVersion"]!.GetValue<int>());
        Assert.Equal(2, await PredictVersionAsync(client, models, "champion"));
        Assert.Equal(1, await PredictVersionAsync(client, models, "1"));
        Assert.Equal(2, await PredictVersionAsync(client, models, null));

        var rolledBack = await client.PostAsync($"{models}/churn/aliases/champion/rollback", null);
        Assert.Equal(HttpStatusCode.OK, rolledBack.StatusCode);
        Assert.Equal(1, (await rolledBack.ReadObjectAsync())["version"]!.GetValue<int>());
        Assert.Equal(1, await PredictVersionAsync(client, models, "champion"));

        var badAlias = await client.PutAsJsonAsync($"{models}/churn/aliases/v3", new { version = "1" });
        Assert.Equal(HttpStatusCode.BadRequest, badAlias.StatusCode);
        var missingVersion = await client.PutAsJsonAsync($"{models}/churn/aliases/challenger", new { version = "9" });
        Assert.Equal(HttpStatusCode.NotFound, missingVersion.StatusCode);

        // Tags and descriptions on the model and on a version.
        var described = await client.PatchAsJsonAsync($"{models}/churn", new { description = "Who leaves next month", tags = new Dictionary<string, string> { ["team"] = "crm" } });
        Assert.Equal(HttpStatusCode.OK, described.StatusCode);
        await client.PatchAsJsonAsync($"{models}/churn/versions/2", new { tags = new Dictionary<string, string> { ["reviewed"] = "yes" } });
        var model = await (await client.GetAsync($"{models}/churn")).ReadObjectAsync();
        Assert.Equal("Who leaves next month", model["description"]!.GetValue<string>());
        Assert.Equal("crm", model["tags"]!["team"]!.GetValue<string>());
        Assert.Equal("yes", model["versions"]![0]!["tags"]!["reviewed"]!.GetValue<string>());
        Assert.Equal("champion", model["versions"]![1]!["aliases"]![0]!.GetValue<string>());

        // Who promoted and who rolled back is in the project's audit trail.
        var audit = await (await client.GetAsync($"/api/v1/projects/{projectId}/audit?action=model.alias")).ReadArrayAsync();
        Assert.Contains(audit, e => e!["action"]!.GetValue<string>() == "model.alias.rollback" && e["detail"]!.GetValue<string>() == "champion: v2 -> v1" && e["userName"]!.GetValue<string>() == "admin");
        Assert.Contains(audit, e => e!["action"]!.GetValue<string>() == "model.alias.set" && e["detail"]!.GetValue<string>() == "champion: v1 -> v2");

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{models}/churn/aliases/champion")).StatusCode);
        var gone = await client.PostAsJsonAsync($"{models}/churn/predict?version=champion", new { rows = new[] { Api.CustomerRow() } });
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    private static async Task<HttpResponseMessage> ImportAsync(HttpClient client, string models, string name, byte[] bundle, string? description)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(bundle), "file", "model.augur" } };
        if (description is not null)
        {
            form.Add(new StringContent(description), "description");
        }

        return await client.PostAsync($"{models}/{name}/versions", form);
    }

    private static async Task<int> PredictVersionAsync(HttpClient client, string models, string? version)
    {
        var url = version is null ? $"{models}/churn/predict" : $"{models}/churn/predict?version={version}";
        var response = await client.PostAsJsonAsync(url, new { rows = new[] { Api.CustomerRow() } });
        var answer = await response.ReadObjectAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, answer.Json());
        return answer["version"]!.GetValue<int>();
    }
}
