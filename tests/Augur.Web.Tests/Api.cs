using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Augur.Web.Tests;

/// <summary>Small helpers that speak the REST API the way a client would: JSON in, JSON out.</summary>
public static class Api
{
    public static readonly string Telco400 = Path.Combine(AppContext.BaseDirectory, "Fixtures", "telco-400.csv");

    public static async Task<JsonObject> ReadObjectAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    public static async Task<JsonArray> ReadArrayAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();

    public static async Task<string> CreateProjectAsync(this HttpClient client, string name = "Churn project")
    {
        var response = await client.PostAsJsonAsync("/api/v1/projects", new { name });
        response.EnsureSuccessStatusCode();
        return (await response.ReadObjectAsync())["id"]!.GetValue<string>();
    }

    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, string projectId, string fileName, byte[] content)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", fileName);
        return client.PostAsync($"/api/v1/projects/{projectId}/datasets", form);
    }

    public static async Task<JsonObject> UploadTelcoAsync(this HttpClient client, string projectId)
    {
        var response = await client.UploadAsync(projectId, "telco.csv", await File.ReadAllBytesAsync(Telco400));
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return await response.ReadObjectAsync();
    }

    /// <summary>Polls the run until it finishes; training runs as a background job, so there is nothing to await.</summary>
    /// <summary>The telco customers a month on: every outcome turned (those who stayed left, and the other way round).</summary>
    public static async Task<byte[]> TurnedTelcoAsync()
    {
        var lines = await File.ReadAllLinesAsync(Telco400);
        return System.Text.Encoding.UTF8.GetBytes(string.Join('\n', [lines[0], .. lines.Skip(1).Select(l => l.EndsWith(",Yes", StringComparison.Ordinal) ? l[..^3] + "No" : l[..^2] + "Yes")]));
    }

    /// <summary>Uploads the telco customers, trains "churn" on them (one trial) and serves it as the endpoint churn-api; returns the dataset's id.</summary>
    public static async Task<string> ServeChurnAsync(this HttpClient client, string projectId)
    {
        var datasetId = (await client.UploadTelcoAsync(projectId))["id"]!.GetValue<string>();
        var runId = (await (await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId, target = "Churn", maxTrials = 1 })).ReadObjectAsync())["id"]!.GetValue<string>();
        var run = await client.WaitForRunAsync(projectId, runId, TimeSpan.FromSeconds(120));
        Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.Json());
        var endpoint = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/endpoints", new { name = "churn-api", model = "churn", version = "latest" });
        Assert.True(endpoint.StatusCode == System.Net.HttpStatusCode.Created, await endpoint.Content.ReadAsStringAsync());
        return datasetId;
    }

    public static async Task<JsonObject> WaitForRunAsync(this HttpClient client, string projectId, string runId, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        while (true)
        {
            var run = await (await client.GetAsync($"/api/v1/projects/{projectId}/runs/{runId}", cancellation.Token)).ReadObjectAsync();
            var status = run["status"]!.GetValue<string>();
            if (status is "succeeded" or "failed" or "cancelled")
            {
                return run;
            }

            if (!await timer.WaitForNextTickAsync(cancellation.Token))
            {
                throw new TimeoutException();
            }
        }
    }

    public static JsonObject CustomerRow() => JsonNode.Parse("""
        {
          "customerID": "9999-TEST", "gender": "Female", "SeniorCitizen": 0, "Partner": "Yes", "Dependents": "No",
          "tenure": 2, "PhoneService": "Yes", "MultipleLines": "No", "InternetService": "Fiber optic",
          "OnlineSecurity": "No", "OnlineBackup": "No", "DeviceProtection": "No", "TechSupport": "No",
          "StreamingTV": "Yes", "StreamingMovies": "Yes", "Contract": "Month-to-month", "PaperlessBilling": "Yes",
          "PaymentMethod": "Electronic check", "MonthlyCharges": 95.5, "TotalCharges": 191.0
        }
        """)!.AsObject();

    public static string Json(this JsonNode node) => node.ToJsonString(JsonSerializerOptions.Web);
}
