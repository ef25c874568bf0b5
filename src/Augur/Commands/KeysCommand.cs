using System.CommandLine;
using Augur.Platform.Audit;
using Augur.Platform.Storage.Encryption;
using Microsoft.Extensions.DependencyInjection;

namespace Augur.Commands;

/// <summary>`augur keys rotate`: a new key for files at rest; every stored file is re-wrapped with it (see docs/security.md).</summary>
public static class KeysCommand
{
    public static Command Create()
    {
        var data = LocalPlatform.DataOption();
        var retire = new Option<bool>("--retire-old")
        {
            Description = "Also revoke the old keys. Files stay readable, but everyone must sign in again. Stop the servers first.",
        };
        var rotate = new Command("rotate", "Create a new encryption key and re-wrap every stored file with it. Nothing becomes unreadable.") { data, retire };
        // Anything else (e.g. --Database:Provider=PostgreSql) is passed to the configuration, as for 'augur serve'.
        rotate.TreatUnmatchedTokensAsErrors = false;
        rotate.SetAction(async (parse, cancellationToken) =>
        {
            await using var platform = await LocalPlatform.OpenAsync(parse, data, cancellationToken);
            var result = await platform.Services.GetRequiredService<ArtifactKeyRotation>().RotateAsync(parse.GetValue(retire), cancellationToken);
            await platform.Services.GetRequiredService<AuditLog>().RecordAsync(null, "keys.rotate", null, "key", result.NewKeyId.ToString(),
                $"{result.Rewrapped} re-wrapped, {result.Encrypted} encrypted, {result.RetiredKeys} old keys retired", cancellationToken);
            Console.WriteLine($"New key {result.NewKeyId}: {result.Rewrapped} files re-wrapped, {result.Encrypted} encrypted for the first time, " +
                $"{result.AlreadyCurrent} already current, {result.RetiredKeys} old keys retired.");
            return CliErrors.Ok;
        });
        return new Command("keys", "The keys that encrypt stored files.") { rotate };
    }
}
