using System.CommandLine;
using Augur.Platform;
using Augur.Platform.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Augur.Commands;

/// <summary>
/// The platform's services on a data folder, for maintenance verbs that work on it directly (no server running):
/// the same configuration as `augur serve`, with the schema brought up to date first.
/// </summary>
internal sealed class LocalPlatform : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly AsyncServiceScope _scope;

    private LocalPlatform(IHost host, AsyncServiceScope scope)
    {
        _host = host;
        _scope = scope;
    }

    public IServiceProvider Services => _scope.ServiceProvider;

    public static Option<string?> DataOption() => new("--data") { Description = "The data folder (default ./augur-data, or AUGUR_DATA)." };

    /// <summary>The platform on the folder that --data names; unmatched tokens go to the configuration.</summary>
    public static async Task<LocalPlatform> OpenAsync(ParseResult parse, Option<string?> data, CancellationToken cancellationToken)
    {
        var hostArgs = new List<string>(parse.UnmatchedTokens);
        if (parse.GetValue(data) is { } d)
        {
            hostArgs.Add($"--Augur:DataDirectory={d}");
        }

        var builder = Host.CreateApplicationBuilder([.. hostArgs]);
        builder.Logging.ClearProviders();
        builder.AddAugurPlatform();
        var host = builder.Build();
        var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AugurDbContext>();
        if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        return new LocalPlatform(host, scope);
    }

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        _host.Dispose();
    }
}
