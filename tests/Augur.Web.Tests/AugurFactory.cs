using System.Net.Http.Json;
using Augur.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Augur.Web.Tests;

/// <summary>The real Augur web host on a fresh data folder, with SQLite or (given a connection string) PostgreSQL.</summary>
public sealed class AugurFactory(string? postgresConnectionString = null) : WebApplicationFactory<Program>
{
    public const string AdminPassword = "admin-password-for-tests";

    private readonly TempDirectory _data = new();

    public string DataDirectory => _data.Path;

    /// <summary>Everything the host logged, at every level that the configuration lets through.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>Extra configuration for one test (for example low rate limits); applied last.</summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        // Many tests sign in many times from the one test-server address; the limit has its own tests.
        ["Security:SignInPerMinute"] = "10000",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Augur:DataDirectory", _data.Path);
        builder.UseSetting("Augur:AdminPassword", AdminPassword);
        builder.UseSetting("Augur:SeedDemo", "false");
        builder.UseSetting("Augur:DefaultTrainingBudget", "00:00:06");
        if (postgresConnectionString is not null)
        {
            builder.UseSetting("Database:Provider", "PostgreSql");
            builder.UseSetting("Database:ConnectionString", postgresConnectionString);
        }

        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter, TestClientAddress>());
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>A client holding the session cookie of the given user.</summary>
    public async Task<HttpClient> SignInAsync(string userName = "admin", string password = AdminPassword)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName, password });
        response.EnsureSuccessStatusCode();
        return client;
    }

    /// <summary>Creates a non-admin user through the admin API and signs them in.</summary>
    public async Task<HttpClient> CreateUserAndSignInAsync(string userName)
    {
        using var admin = await SignInAsync();
        var password = $"{userName}-password";
        (await admin.PostAsJsonAsync("/api/v1/users", new { userName, password })).EnsureSuccessStatusCode();
        return await SignInAsync(userName, password);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _data.Dispose();
    }
}
