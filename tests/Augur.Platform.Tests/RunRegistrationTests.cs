using System.Text.Json;
using Augur.Data;
using Augur.Learning.Training;
using Augur.Platform.Storage.Encryption;
using Augur.Platform.Training;
using Augur.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Augur.Platform.Tests;

/// <summary>Registering a really trained run as a model version (and keeping its report), on SQLite and on PostgreSQL.</summary>
public sealed class RunRegistrationTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public Task The_registered_version_says_how_its_model_is_served_on_sqlite() => RegistersServedModelsAsync(postgres: false);

    [PostgresFact]
    public Task The_registered_version_says_how_its_model_is_served_on_postgres() => RegistersServedModelsAsync(postgres: true);

    private static async Task RegistersServedModelsAsync(bool postgres)
    {
        await using var world = await TrackingWorld.CreateAsync(postgres);
        using var dir = new TempDirectory();
        var (outcome, dataPath) = await SmallBundle.TrainAsync(dir.Path);
        var run = TrainingRun.Queue(world.ProjectId, world.DatasetId, "churned", "churn", TimeSpan.FromSeconds(60), 42, world.Owner.UserId, DateTime.UtcNow);
        run.Start(DateTime.UtcNow);
        world.Db.TrainingRuns.Add(run);
        await world.Db.SaveChangesAsync(None);
        var dataset = await world.Db.Datasets.SingleAsync(d => d.Id == world.DatasetId, None);
        var store = TestStore.Create(dir.Path);

        await new RunRegistration(world.Db, store, TimeProvider.System, NullLogger<RunRegistration>.Instance)
            .RegisterAsync(run, dataset, dataPath, outcome, outcome.Leaderboard, None);
        world.Db.ChangeTracker.Clear();

        // One trial on 400 rows with a minute's budget leaves time to refit, and the version keeps the trainer's sentence.
        Assert.True(outcome.RefittedOnAllData);
        var version = await world.Db.ModelVersions.SingleAsync(v => v.RunId == run.Id, None);
        Assert.Equal("The model is refitted on all rows.", outcome.ServedModels);
        Assert.Equal(outcome.ServedModels, version.ServedModels);
        Assert.True(store.Exists(version.BundleKey));

        // The run keeps its report, and it reads back whole: importance, lift table (yes/no), served models.
        var report = TrainingReport.Read((await world.Db.TrainingRuns.Include(r => r.Details).SingleAsync(r => r.Id == run.Id, None)).Details!.ReportJson);
        Assert.NotNull(report);
        Assert.Equal(JsonSerializer.Serialize(TrainingReport.From(outcome), AugurJson.Compact), JsonSerializer.Serialize(report, AugurJson.Compact));
        Assert.NotEmpty(report.LiftTable);
        Assert.NotEmpty(report.FeatureImportance);
        Assert.Equal(TaskKind.Binary, report.Task);
        Assert.Equal("churned", report.Target);
        Assert.Equal("id", Assert.Single(report.IdentifierColumns));
    }
}
