using System.Net.Http.Json;

namespace Augur.Web.Tests;

/// <summary>
/// One trained churn bundle for every serving test in this run: training once (a few seconds) and importing its bytes
/// as many versions as a test needs keeps those tests fast.
/// </summary>
public static class ChurnBundle
{
    private static readonly Lazy<Task<byte[]>> Bytes = new(TrainAsync);

    public static Task<byte[]> GetAsync() => Bytes.Value;

    /// <summary>Imports the bundle as the next version of a model; returns the version number.</summary>
    public static async Task<int> ImportAsync(HttpClient client, string projectId, string model = "churn")
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(await GetAsync()), "file", "churn.augur" } };
        var response = await client.PostAsync($"/api/v1/projects/{projectId}/models/{model}/versions", form);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadObjectAsync())["version"]!.GetValue<int>();
    }

    private static async Task<byte[]> TrainAsync()
    {
        await using var factory = new AugurFactory();
        using var admin = await factory.SignInAsync();
        var projectId = await admin.CreateProjectAsync("Bundle source");
        var dataset = (await admin.UploadTelcoAsync(projectId))["id"]!.GetValue<string>();
        // One seeded trial: the same model on every machine. A 4-second budget let the machine's speed pick the winner,
        // and the reason-code test failed four times in a row on a model that gave none.
        var start = await admin.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId = dataset, target = "Churn", budgetSeconds = 60, maxTrials = 1, seed = 42 });
        var run = await admin.WaitForRunAsync(projectId, (await start.ReadObjectAsync())["id"]!.GetValue<string>(), TimeSpan.FromSeconds(120));
        Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.Json());
        var models = await (await admin.GetAsync($"/api/v1/projects/{projectId}/models")).ReadObjectAsync();
        var model = models["items"]![0]!["name"]!.GetValue<string>();
        return await admin.GetByteArrayAsync($"/api/v1/projects/{projectId}/models/{model}/versions/latest/bundle");
    }
}
