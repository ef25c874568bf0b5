using System.CommandLine;
using Augur.Platform;
using Augur.Platform.Audit;
using Augur.Platform.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Augur.Commands;

/// <summary>`augur audit verify`: recomputes the audit log's hash chain in the database and names the first changed entry.</summary>
public static class AuditCommand
{
    public static Command Create()
    {
        var data = new Option<string?>("--data") { Description = "The data folder (default ./augur-data, or AUGUR_DATA)." };
        var verify = new Command("verify", "Check that no audit entry was changed, removed or reordered since it was written.") { data };
        // Anything else (e.g. --Database:Provider=PostgreSql) is passed to the configuration, as for 'augur serve'.
        verify.TreatUnmatchedTokensAsErrors = false;
        verify.SetAction(async (parse, cancellationToken) =>
        {
            var hostArgs = new List<string>(parse.UnmatchedTokens);
            if (parse.GetValue(data) is { } d)
            {
                hostArgs.Add($"--Augur:DataDirectory={d}");
            }

            var builder = Host.CreateApplicationBuilder([.. hostArgs]);
            builder.Logging.ClearProviders();
            builder.AddAugurPlatform();
            using var host = builder.Build();
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AugurDbContext>();
            if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
            {
                await db.Database.MigrateAsync(cancellationToken);
            }

            var result = await scope.ServiceProvider.GetRequiredService<AuditLog>().VerifyAsync(cancellationToken);
            if (result.Intact)
            {
                Console.WriteLine($"The audit log is intact: {result.Entries} entries chain correctly.");
                return CliErrors.Ok;
            }

            await Console.Error.WriteLineAsync($"augur: the audit log was tampered with. {result.Problem}");
            return CliErrors.BadInput;
        });
        return new Command("audit", "The audit log.") { verify };
    }
}
