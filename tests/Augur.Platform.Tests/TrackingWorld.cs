using Augur.Learning.Training;
using Augur.Platform.Configuration;
using Augur.Platform.Database;
using Augur.Platform.Datasets;
using Augur.Platform.Experiments;
using Augur.Platform.Projects;
using Augur.Platform.Training;
using Augur.Platform.Users;
using Augur.Testing;
using Microsoft.EntityFrameworkCore;

namespace Augur.Platform.Tests;

/// <summary>A migrated database (SQLite or PostgreSQL) with a user, a project, a dataset and runs to record trials in.</summary>
public sealed class TrackingWorld : IAsyncDisposable
{
    private readonly TempDirectory _dir;
    private readonly TestDatabase? _postgres;

    private TrackingWorld(TempDirectory dir, TestDatabase? postgres, AugurDbContext db)
    {
        _dir = dir;
        _postgres = postgres;
        Db = db;
    }

    public AugurDbContext Db { get; }

    public Caller Owner { get; private set; } = default!;

    public Caller Stranger { get; private set; } = default!;

    public Guid ProjectId { get; private set; }

    public Guid DatasetId { get; private set; }

    public ExperimentService Experiments => new(Db, new ProjectService(Db, TimeProvider.System));

    public TrialRecorder Recorder => new(Db, TimeProvider.System);

    public static async Task<TrackingWorld> CreateAsync(bool postgres)
    {
        var dir = new TempDirectory();
        var database = postgres ? await TestPostgres.CreateDatabaseAsync() : null;
        var options = database is null ? null : new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = database.ConnectionString };
        var db = TestDb.Create(dir.Path, options);
        await db.Database.MigrateAsync();
        var world = new TrackingWorld(dir, database, db);
        await world.SeedAsync();
        return world;
    }

    /// <param name="metric">The metric of a succeeded run; null leaves it running.</param>
    public async Task<Guid> AddRunAsync(string? metric = "auc", string leaderboardJson = "[]", string? reportJson = null)
    {
        var run = TrainingRun.Queue(ProjectId, DatasetId, "Churn", "churn", TimeSpan.FromSeconds(30), 42, Owner.UserId, DateTime.UtcNow);
        run.Start(DateTime.UtcNow);
        if (metric is not null)
        {
            run.Succeed(DateTime.UtcNow, "binary", "LightGbm", metric, 0.9, "{}", "{}", leaderboardJson, "bundle", 0, reportJson);
        }

        Db.TrainingRuns.Add(run);
        await Db.SaveChangesAsync();
        Db.ChangeTracker.Clear();
        return run.Id;
    }

    public static TrialRecord Record(int number, string trainer, double? auc, int attempt = 1, TrialStatus status = TrialStatus.Succeeded, double seconds = 1)
    {
        var metrics = auc is { } value ? new Dictionary<string, double> { ["auc"] = value, ["logLoss"] = 1 - value } : [];
        var result = new TrialResult(number, trainer, new Dictionary<string, string> { ["learningRate"] = "0.1" }, metrics, TimeSpan.FromSeconds(seconds), status, status == TrialStatus.Succeeded ? null : "It broke.")
        {
            FoldMetrics = auc is { } v ? [new Dictionary<string, double> { ["auc"] = v - 0.01 }, new Dictionary<string, double> { ["auc"] = v + 0.01 }] : [],
            StartedAt = DateTimeOffset.UtcNow,
            Resources = new TrialResources(1000, TimeSpan.FromSeconds(seconds), 50_000_000),
        };
        return TrialRecord.From(result, "auc", attempt);
    }

    public async ValueTask DisposeAsync()
    {
        await Db.DisposeAsync();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        _dir.Dispose();
    }

    private async Task SeedAsync()
    {
        var users = new UserService(Db, TimeProvider.System);
        var owner = await users.CreateAsync("ana", "a-long-password", isAdmin: false, CancellationToken.None);
        var stranger = await users.CreateAsync("bob", "a-long-password", isAdmin: false, CancellationToken.None);
        Owner = new Caller(owner.Id, owner.UserName, IsAdmin: false);
        Stranger = new Caller(stranger.Id, stranger.UserName, IsAdmin: false);
        var project = await new ProjectService(Db, TimeProvider.System).CreateAsync(Owner, "Churn", null, CancellationToken.None);
        ProjectId = project.Id;
        var dataset = Dataset.Create(Guid.NewGuid(), ProjectId, "customers", "customers.csv", DateTime.UtcNow);
        Db.Datasets.Add(dataset);
        await Db.SaveChangesAsync();
        DatasetId = dataset.Id;
        Db.ChangeTracker.Clear();
    }
}
