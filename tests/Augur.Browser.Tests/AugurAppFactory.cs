using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Augur.Browser.Tests;

/// <summary>
/// The real Augur web host on a real Kestrel port (a browser cannot reach WebApplicationFactory's in-memory
/// server), with its own data folder, a known admin password, no demo project (unless asked) and a short training budget.
/// </summary>
public sealed class AugurAppFactory(string dataDirectory, bool seedDemo = false) : WebApplicationFactory<Program>
{
    public const string AdminUserName = "admin";
    public const string AdminPassword = "browser-test-password";

    /// <summary>Extra configuration for one test (for example every prediction logged); applied last.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>Starts Kestrel on a free loopback port and returns the address the browser should open.</summary>
    public Uri Start()
    {
        UseKestrel(0);
        StartServer();
        return ClientOptions.BaseAddress;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Augur:DataDirectory", dataDirectory);
        builder.UseSetting("Augur:AdminUserName", AdminUserName);
        builder.UseSetting("Augur:AdminPassword", AdminPassword);
        builder.UseSetting("Augur:SeedDemo", seedDemo ? "true" : "false");
        builder.UseSetting("Augur:DefaultTrainingBudget", "00:00:08");
        // Warnings and errors only: the test output should show failures, not every SQL command.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
