using Augur.Platform;
using Augur.Platform.Audit;
using Augur.Platform.Configuration;
using Augur.Platform.Database;
using Augur.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Augur.Tests;

/// <summary>`augur audit verify` passes an untouched log and names the entry someone edited in the database.</summary>
public sealed class AuditVerifyTests
{
    [Fact]
    public async Task Verify_passes_an_intact_log_and_exits_2_naming_an_edited_entry()
    {
        using var dir = new TempDirectory();
        var paths = new AugurPaths(Options.Create(new AugurOptions { DataDirectory = dir.Path }));
        var options = new DbContextOptionsBuilder<AugurDbContext>();
        DatabaseSetup.Configure(options, new DatabaseOptions(), paths);
        await using (var db = new AugurDbContext(options.Options))
        {
            await db.Database.MigrateAsync();
            var audit = new AuditLog(db, TimeProvider.System, NullLogger<AuditLog>.Instance);
            var caller = new Caller(Guid.NewGuid(), "olga", false) { Ip = "203.0.113.7" };
            for (var i = 1; i <= 3; i++)
            {
                await audit.RecordAsync(caller, "project.create", Guid.NewGuid(), "project", $"p{i}", $"Project {i}", CancellationToken.None);
            }
        }

        var (okExit, okOut, okErr) = await AugurProcess.RunAsync("audit", "verify", "--data", dir.Path);
        Assert.True(okExit == 0, okErr);
        Assert.Contains("3 entries", okOut, StringComparison.Ordinal);

        await using (var db = new AugurDbContext(options.Options))
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"UserName\" = 'someone-else' WHERE \"Sequence\" = 2");
        }

        var (exit, _, stderr) = await AugurProcess.RunAsync("audit", "verify", "--data", dir.Path);
        Assert.Equal(2, exit);
        Assert.Contains("Entry 2 was changed", stderr, StringComparison.Ordinal);
    }
}
