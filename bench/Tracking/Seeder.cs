using System.Text.Json;
using Augur.Data;
using Augur.Learning.Training;
using Augur.Platform;
using Augur.Platform.Database;
using Augur.Platform.Datasets;
using Augur.Platform.Experiments;
using Augur.Platform.Projects;
using Augur.Platform.Training;
using Augur.Platform.Users;
using Microsoft.EntityFrameworkCore;

namespace Augur.Bench.Tracking;

/// <summary>
/// Fills a project with runs and trials shaped like real ones: one large run (a long search, or many workers on one
/// study) and many small runs, seven binary metrics per trial, a tenth of the trials failed. Each run also gets the
/// capped LeaderboardJson that TrainModelJob stores.
/// </summary>
internal sealed class Seeder(Func<AugurDbContext> contexts, int seed)
{
    private static readonly string[] Trainers = ["LightGbm", "FastTree", "FastForest", "LogisticRegression", "SdcaLogistic"];

    public Caller Owner { get; private set; } = default!;

    public Guid ProjectId { get; private set; }

    public List<Guid> RunIds { get; } = [];

    public async Task SeedAsync(int bigRunTrials, int smallRuns, int smallRunTrials)
    {
        var random = new Random(seed);
        await using (var db = contexts())
        {
            var user = await new UserService(db, TimeProvider.System).CreateAsync("analyst", "a-long-password", isAdmin: false, CancellationToken.None);
            Owner = new Caller(user.Id, user.UserName, IsAdmin: false);
            ProjectId = (await new ProjectService(db, TimeProvider.System).CreateAsync(Owner, "Tracking benchmark", null, CancellationToken.None)).Id;
            var dataset = Dataset.Create(Guid.NewGuid(), ProjectId, "customers", "customers.csv", DateTime.UtcNow);
            db.Datasets.Add(dataset);
            await db.SaveChangesAsync();
            await AddRunAsync(db, dataset.Id, bigRunTrials, random);
            for (var r = 0; r < smallRuns; r++)
            {
                await AddRunAsync(db, dataset.Id, smallRunTrials, random);
            }
        }
    }

    private async Task AddRunAsync(AugurDbContext db, Guid datasetId, int trials, Random random)
    {
        var started = DateTime.UtcNow;
        var results = Enumerable.Range(1, trials).Select(n => Trial(n, random, started)).ToList();
        var run = TrainingRun.Queue(ProjectId, datasetId, "Churn", $"churn-{RunIds.Count}", TimeSpan.FromMinutes(10), seed, Owner.UserId, started);
        run.Start(started);
        var best = results.Where(t => t.Status == TrialStatus.Succeeded).MaxBy(t => t.Metrics["auc"])!;
        var leaderboard = results.OrderBy(t => t.Status == TrialStatus.Succeeded ? 0 : 1).ThenByDescending(t => t.Metrics.GetValueOrDefault("auc")).ToList();
        run.Succeed(started.AddMinutes(10), "binary", best.Trainer, "auc", best.Metrics["auc"], "{}", "{}", JsonSerializer.Serialize(leaderboard.Take(TrainingRun.LeaderboardLimit), AugurJson.Compact), "bundle", trials);
        db.TrainingRuns.Add(run);
        await db.SaveChangesAsync();
        RunIds.Add(run.Id);
        var recorder = new TrialRecorder(db, TimeProvider.System);
        foreach (var batch in results.Chunk(1000))
        {
            await recorder.RecordMissingAsync(ProjectId, run.Id, [.. batch.Select(t => TrialRecord.From(t, "auc", 1))], CancellationToken.None);
        }

        // A study's trials also keep the exact settings the tuner proposed, which its workers replay on every step.
        await db.Trials.Where(t => t.RunId == run.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.SettingsJson, Settings));
    }

    /// <summary>The settings of a LightGBM trial as a study stores them (the same for every trial: only the size matters here).</summary>
    private static readonly string Settings = JsonSerializer.Serialize(
        new Augur.Learning.Search.TrialSettings(1, "lightGbm", new Dictionary<string, double>
        {
            ["learningRate"] = 0.0523, ["numberOfLeaves"] = 37, ["minimumExampleCountPerLeaf"] = 12, ["featureFraction"] = 0.81,
            ["baggingFraction"] = 0.9, ["l2Regularization"] = 0.013, ["numberOfIterations"] = 412, ["maximumBinCountPerFeature"] = 255,
        }) { DataFraction = 1.0 / 3 },
        AugurJson.Compact);

    private static TrialResult Trial(int number, Random random, DateTime runStarted)
    {
        var trainer = Trainers[random.Next(Trainers.Length)];
        var parameters = new Dictionary<string, string>
        {
            ["learningRate"] = random.NextDouble().ToString("G6", System.Globalization.CultureInfo.InvariantCulture),
            ["numberOfLeaves"] = random.Next(4, 256).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var duration = TimeSpan.FromSeconds(0.2 + (random.NextDouble() * 20));
        if (random.Next(10) == 0)
        {
            return new TrialResult(number, trainer, parameters, new Dictionary<string, double>(), duration, TrialStatus.Failed, "Out of range.")
            {
                StartedAt = runStarted.AddSeconds(number),
            };
        }

        var auc = 0.6 + (random.NextDouble() * 0.3);
        var metrics = new Dictionary<string, double>
        {
            ["auc"] = auc,
            ["logLoss"] = 1.2 - auc,
            ["prAuc"] = auc - 0.1,
            ["f1"] = auc - 0.2,
            ["accuracy"] = auc + 0.05,
            ["precision"] = auc - 0.15,
            ["recall"] = auc - 0.25,
        };
        return new TrialResult(number, trainer, parameters, metrics, duration, TrialStatus.Succeeded)
        {
            FoldMetrics = [.. Enumerable.Range(0, 5).Select(_ => (IReadOnlyDictionary<string, double>)metrics.ToDictionary(m => m.Key, m => m.Value + ((random.NextDouble() - 0.5) / 50)))],
            StartedAt = runStarted.AddSeconds(number),
            Resources = new TrialResources(random.Next(1_000_000, 500_000_000), duration, 400_000_000),
        };
    }
}
