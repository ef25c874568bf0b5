using System.CommandLine;
using Augur.Platform.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace Augur.Commands;

/// <summary>`augur audit verify`: recomputes the audit log's hash chain in the database and names the first changed entry.</summary>
public static class AuditCommand
{
    public static Command Create()
    {
        var data = LocalPlatform.DataOption();
        var verify = new Command("verify", "Check that no audit entry was changed, removed or reordered since it was written.") { data };
        // Anything else (e.g. --Database:Provider=PostgreSql) is passed to the configuration, as for 'augur serve'.
        verify.TreatUnmatchedTokensAsErrors = false;
        verify.SetAction(async (parse, cancellationToken) =>
        {
            await using var platform = await LocalPlatform.OpenAsync(parse, data, cancellationToken);
            var result = await platform.Services.GetRequiredService<AuditLog>().VerifyAsync(cancellationToken);
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
