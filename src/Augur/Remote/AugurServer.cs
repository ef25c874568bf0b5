using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Augur.Data;

namespace Augur.Remote;

/// <summary>
/// A small client for Augur's REST API, used by the CLI verbs that act on a running server. It speaks the same
/// JSON as the API and turns problem responses into <see cref="ServerException"/> with the server's own message.
/// </summary>
public sealed class AugurServer : IDisposable
{
    private readonly HttpClient _http;

    public AugurServer(Uri baseAddress, string apiKey)
    {
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(10) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    }

    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>Finds a project's id from its name (or accepts an id as it is).</summary>
    public async Task<Guid> ProjectIdAsync(string nameOrId, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(nameOrId, out var id))
        {
            return id;
        }

        var projects = await GetAsync<JsonArray>("api/v1/projects", cancellationToken);
        var match = projects.OfType<JsonObject>().Where(p => string.Equals((string?)p["name"], nameOrId, StringComparison.OrdinalIgnoreCase)).ToList();
        return match.Count switch
        {
            1 => Guid.Parse((string)match[0]["id"]!),
            0 => throw new ServerException($"No project named '{nameOrId}' is visible to this API key."),
            _ => throw new ServerException($"Several projects are named '{nameOrId}'; use the project's id instead."),
        };
    }

    public async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    public async Task<T> SendJsonAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: AugurJson.Options) };
        using var response = await SendAsync(request, cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    public async Task SendAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(method, path), cancellationToken);
    }

    /// <summary>Uploads a file as multipart form data (field "file"), with extra form fields.</summary>
    public async Task<T> UploadAsync<T>(string path, string filePath, IReadOnlyDictionary<string, string>? fields, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(filePath);
        using var form = new MultipartFormDataContent();
        form.Add(new StreamContent(file), "file", Path.GetFileName(filePath));
        foreach (var (name, value) in fields ?? new Dictionary<string, string>())
        {
            form.Add(new StringContent(value), name);
        }

        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = form }, cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    /// <summary>Streams a response body to a file, never holding it in memory.</summary>
    public async Task<long> DownloadAsync(string path, string destination, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await SendAsync(request, cancellationToken, HttpCompletionOption.ResponseHeadersRead);
        var temporary = destination + ".part";
        await using (var output = File.Create(temporary))
        {
            await response.Content.CopyToAsync(output, cancellationToken);
        }

        File.Move(temporary, destination, overwrite: true);
        return new FileInfo(destination).Length;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new ServerException($"Cannot reach the Augur server at {BaseAddress}: {ex.Message}", ex);
        }
        finally
        {
            request.Dispose();
        }

        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw new ServerException(await DescribeAsync(response, cancellationToken), response.StatusCode);
            }
        }

        return response;
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken) =>
        await response.Content.ReadFromJsonAsync<T>(AugurJson.Options, cancellationToken)
        ?? throw new ServerException("The server sent an empty answer.");

    /// <summary>The server's ProblemDetails as one line: its detail, then each field's first error.</summary>
    private static async Task<string> DescribeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            if (JsonNode.Parse(text) is JsonObject problem)
            {
                var detail = (string?)problem["detail"] ?? (string?)problem["title"] ?? response.ReasonPhrase;
                var fields = problem["errors"] is JsonObject errors
                    ? errors.Select(e => $"{e.Key}: {(e.Value as JsonArray)?.FirstOrDefault()}").ToList()
                    : [];
                return fields.Count == 0 ? $"{detail} (HTTP {status})" : $"{detail} {string.Join("; ", fields)} (HTTP {status})";
            }
        }
        catch (JsonException)
        {
            // Not JSON: fall through to the status line.
        }

        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => "The server did not accept the API key (HTTP 401).",
            HttpStatusCode.TooManyRequests => $"The server is rate limiting this key; try again in {response.Headers.RetryAfter?.Delta?.TotalSeconds ?? 1} s (HTTP 429).",
            _ => $"The server answered HTTP {status} {response.ReasonPhrase}.",
        };
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>The server refused a request or could not be reached; the message is the server's, for a person.</summary>
public sealed class ServerException : Exception
{
    public ServerException() { }

    public ServerException(string message) : base(message) { }

    public ServerException(string message, Exception innerException) : base(message, innerException) { }

    public ServerException(string message, HttpStatusCode status) : base(message) => Status = status;

    public HttpStatusCode? Status { get; }
}
