namespace Augur.Tests;

/// <summary>
/// A real `augur serve` on a free port with its own data folder, the admin signed in, one project and a personal API
/// key: what the tests of the server verbs (`augur models`, `augur monitor`) start from.
/// </summary>
public sealed class RunningServer : IDisposable
{
    private RunningServer(Uri baseAddress, AugurProcess process, HttpClient client, string projectId, string key)
    {
        BaseAddress = baseAddress;
        Process = process;
        Client = client;
        ProjectId = projectId;
        Key = key;
    }

    public Uri BaseAddress { get; }

    public AugurProcess Process { get; }

    /// <summary>Signed in as the admin (a session cookie).</summary>
    public HttpClient Client { get; }

    public string ProjectId { get; }

    /// <summary>The admin's personal API key, for the verbs.</summary>
    public string Key { get; }

    /// <param name="settings">More environment for the server, e.g. Augur__Serving__LogSampleRate.</param>
    public static async Task<RunningServer> StartAsync(string dataDirectory, string password, IReadOnlyDictionary<string, string>? settings = null)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{AugurProcess.FreePort()}");
        var environment = new Dictionary<string, string> { ["AUGUR_ADMIN_PASSWORD"] = password, ["Augur__SeedDemo"] = "false" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var process = AugurProcess.Start(["serve", "--urls", baseAddress.ToString(), "--data", dataDirectory], environment);
        try
        {
            var client = await ServerApi.SignInAsync(baseAddress, process, password);
            return new RunningServer(baseAddress, process, client, await ServerApi.CreateProjectAsync(client), await ServerApi.CreateKeyAsync(client));
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    /// <summary>A verb's arguments followed by where the server is, the key and the project.</summary>
    public string[] Verb(params string[] verb) => [.. verb, "--server", BaseAddress.ToString(), "--api-key", Key, "--project", ProjectId];

    public void Dispose()
    {
        Client.Dispose();
        Process.Dispose();
    }
}
