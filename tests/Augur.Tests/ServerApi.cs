using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Augur.Tests;

/// <summary>The REST calls the process-level tests make against a running `augur serve`.</summary>
public static class ServerApi
{
    public static async Task<HttpClient> SignInAsync(Uri baseAddress, AugurProcess server, string password)
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = baseAddress };
        // Generous: a cold start on a 2-core machine busy with other builds has taken over a minute.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        while (true)
        {
            try
            {
                var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = "admin", password }, timeout.Token);
                response.EnsureSuccessStatusCode();
                return client;
            }
            catch (HttpRequestException) when (!timeout.IsCancellationRequested)
            {
                // Not listening yet.
            }

            try
            {
                await timer.WaitForNextTickAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"augur serve did not answer sign-in within 150 s. Its output:\n{server.Output}");
            }
        }
    }

    /// <summary>A personal API key with the write scope for the signed-in admin; returns its secret, for the CLI's --api-key.</summary>
    public static async Task<string> CreateKeyAsync(HttpClient client) =>
        (await ReadAsync(await client.PostAsJsonAsync("/api/v1/keys", new { name = "cli", scope = "write" })))["secret"]!.GetValue<string>();

    public static async Task<string> CreateProjectAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/api/v1/projects", new { name = "Restart" });
        return (await ReadAsync(response))["id"]!.GetValue<string>();
    }

    public static async Task<string> UploadAsync(HttpClient client, string projectId) =>
        await UploadAsync(client, projectId, "telco.csv", await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "telco-400.csv")));

    public static async Task<string> UploadAsync(HttpClient client, string projectId, string fileName, byte[] csv)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(csv);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", fileName);
        var response = await client.PostAsync($"/api/v1/projects/{projectId}/datasets", form);
        return (await ReadAsync(response))["id"]!.GetValue<string>();
    }

    public static async Task<JsonObject> WaitForStatusAsync(HttpClient client, string projectId, string runId, Func<string, bool> done, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        while (true)
        {
            var run = await ReadAsync(await client.GetAsync($"/api/v1/projects/{projectId}/runs/{runId}", cancellation.Token));
            if (done(run["status"]!.GetValue<string>()))
            {
                return run;
            }

            await timer.WaitForNextTickAsync(cancellation.Token);
        }
    }

    public static async Task<JsonObject> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }
}
