using Augur.Platform.Scoring;
using System.Security.Cryptography;
using Augur.Platform.Configuration;
using Augur.Platform.Database;
using Augur.Platform.Datasets;
using Augur.Platform.Projects;
using Augur.Platform.Recommendations;
using Augur.Platform.Storage;
using Augur.Platform.Training;
using Augur.Platform.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Augur.Platform.Startup;

/// <summary>
/// Everything that must be true before Augur serves a request: the schema is migrated, an admin exists, the demo
/// project is there on a first start, and interrupted training runs are queued again. Safe to run on every start.
/// </summary>
public sealed class AugurInitializer(
    AugurDbContext db,
    UserService users,
    DatasetService datasets,
    TrainingRecovery recovery,
    StoreDemoSeeder storeDemo,
    ScoringRecovery scoringRecovery,
    AugurPaths paths,
    FileArtifactStore store,
    TimeProvider clock,
    IOptions<AugurOptions> options,
    IOptions<DatabaseOptions> database,
    ILogger<AugurInitializer> logger)
{
    public const string DemoProjectName = "Demo: which telco customers will churn?";

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(paths.Root);
        // Decrypted working copies that a crashed process on this machine left behind are removed first.
        store.ClearAbandonedScratch();
        await db.Database.MigrateAsync(cancellationToken);
        if (database.Value.Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets readers (the dashboard) and the writer (a finishing job) work at the same time.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        if (options.Value.Role == NodeRole.Worker)
        {
            // Workers run jobs only; the server seeds accounts and the demo, so two nodes never race to create them.
            return;
        }

        var admin = await EnsureAdminAsync(cancellationToken);
        if (options.Value.SeedDemo)
        {
            await EnsureDemoProjectAsync(admin, cancellationToken);
            await storeDemo.EnsureAsync(admin, cancellationToken);
        }

        await recovery.RequeueOrphansAsync(cancellationToken);
        await scoringRecovery.RequeueOrphansAsync(cancellationToken);
    }

    private async Task<User> EnsureAdminAsync(CancellationToken cancellationToken)
    {
        var existing = await db.Users.Where(u => u.IsAdmin).OrderBy(u => u.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        var configured = options.Value.AdminPassword ?? Environment.GetEnvironmentVariable("AUGUR_ADMIN_PASSWORD");
        var password = string.IsNullOrEmpty(configured) ? GeneratePassword() : configured;
        var admin = await users.CreateAsync(options.Value.AdminUserName, password, isAdmin: true, cancellationToken);
        if (string.IsNullOrEmpty(configured))
        {
            // Printed once, on the first start only: the password is stored hashed and cannot be shown again.
            Console.WriteLine();
            Console.WriteLine("  Augur created the admin account.");
            Console.WriteLine($"    user:     {admin.UserName}");
            Console.WriteLine($"    password: {password}");
            Console.WriteLine("  Keep this password: it is shown only this once.");
            Console.WriteLine();
        }

        logger.LogInformation("Created the admin account {UserName}", admin.UserName);
        return admin;
    }

    private async Task EnsureDemoProjectAsync(User admin, CancellationToken cancellationToken)
    {
        if (await db.Projects.AnyAsync(p => p.Name == DemoProjectName, cancellationToken) || !File.Exists(AugurPaths.DemoDataFile))
        {
            return;
        }

        var project = Project.Create(DemoProjectName, "Telco customers with their contracts and services. Train a model that predicts the 'Churn' column, then try a prediction.", admin.Id, clock.GetUtcNow().UtcDateTime);
        project.SuggestTarget("Churn");
        db.Projects.Add(project);
        await db.SaveChangesAsync(cancellationToken);
        await using var file = File.OpenRead(AugurPaths.DemoDataFile);
        await datasets.IngestAsync(project, Path.GetFileName(AugurPaths.DemoDataFile), file, cancellationToken);
        logger.LogInformation("Created the demo project {ProjectId}", project.Id);
    }

    private static string GeneratePassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', 'x').Replace('/', 'y');
}
