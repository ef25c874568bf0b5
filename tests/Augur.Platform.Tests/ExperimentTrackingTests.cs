using Augur.Learning.Training;
using Augur.Platform.Experiments;
using Augur.Platform.Paging;
using Augur.Platform.Projects;
using Augur.Testing;
using Microsoft.EntityFrameworkCore;

namespace Augur.Platform.Tests;

/// <summary>Recording trials (idempotent on retry) and reading them back, on SQLite and on PostgreSQL.</summary>
public sealed class ExperimentTrackingTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public Task Recording_a_trial_again_updates_it_on_sqlite() => RecordingIsIdempotentAsync(postgres: false);

    [PostgresFact]
    public Task Recording_a_trial_again_updates_it_on_postgres() => RecordingIsIdempotentAsync(postgres: true);

    [Fact]
    public Task Trials_are_sorted_filtered_paged_and_compared_on_sqlite() => QueriesAsync(postgres: false);

    [PostgresFact]
    public Task Trials_are_sorted_filtered_paged_and_compared_on_postgres() => QueriesAsync(postgres: true);

    [Fact]
    public async Task Bad_queries_get_a_clear_error_and_strangers_see_nothing()
    {
        await using var world = await TrackingWorld.CreateAsync(postgres: false);
        var runId = await world.AddRunAsync();
        var experiments = world.Experiments;
        var sort = await Assert.ThrowsAsync<PlatformValidationException>(() => experiments.ListTrialsAsync(world.Owner, world.ProjectId, runId, new TrialQuery(Sort: "colour"), new PageRequest(), None));
        Assert.Equal("sort", sort.Field);
        var bounds = await Assert.ThrowsAsync<PlatformValidationException>(() => experiments.LeaderboardAsync(world.Owner, world.ProjectId, new TrialQuery(Min: 0.9, Max: 0.1), new PageRequest(), None));
        Assert.Equal("min", bounds.Field);
        var one = await Assert.ThrowsAsync<PlatformValidationException>(() => experiments.CompareAsync(world.Owner, world.ProjectId, [runId, runId], None));
        Assert.Equal("runIds", one.Field);
        await Assert.ThrowsAsync<NotFoundException>(() => experiments.CompareAsync(world.Owner, world.ProjectId, [runId, Guid.NewGuid()], None));
        await Assert.ThrowsAsync<NotFoundException>(() => experiments.ListTrialsAsync(world.Owner, world.ProjectId, Guid.NewGuid(), new TrialQuery(), new PageRequest(), None));

        // A stranger gets "not found" before any validation, so a malformed query tells them nothing either.
        await Assert.ThrowsAsync<NotFoundException>(() => experiments.ListTrialsAsync(world.Stranger, world.ProjectId, runId, new TrialQuery(Sort: "colour"), new PageRequest(), None));
        await Assert.ThrowsAsync<NotFoundException>(() => experiments.LeaderboardAsync(world.Stranger, world.ProjectId, new TrialQuery(), new PageRequest(), None));
        await Assert.ThrowsAsync<NotFoundException>(() => experiments.CompareAsync(world.Stranger, world.ProjectId, [runId], None));
    }

    private static async Task RecordingIsIdempotentAsync(bool postgres)
    {
        await using var world = await TrackingWorld.CreateAsync(postgres);
        var runId = await world.AddRunAsync();
        for (var n = 1; n <= 3; n++)
        {
            await world.Recorder.RecordAsync(world.ProjectId, runId, TrackingWorld.Record(n, "LightGbm", 0.7 + (n / 100.0)), None);
        }

        // The job is retried: trial 2 comes again from attempt 2, now failed, and trial 1 comes again unchanged.
        await world.Recorder.RecordAsync(world.ProjectId, runId, TrackingWorld.Record(2, "FastTree", null, attempt: 2, status: TrialStatus.Failed), None);
        await world.Recorder.RecordAsync(world.ProjectId, runId, TrackingWorld.Record(1, "LightGbm", 0.71), None);
        Assert.Equal(0, await world.Recorder.RecordMissingAsync(world.ProjectId, runId, [TrackingWorld.Record(3, "LightGbm", 0.5)], None));
        world.Db.ChangeTracker.Clear();

        var trials = await world.Db.Trials.Where(t => t.RunId == runId).OrderBy(t => t.Number).ToListAsync();
        Assert.Equal([1, 2, 3], trials.Select(t => t.Number));
        var retried = trials[1];
        Assert.Equal((2, "FastTree", TrialStatus.Failed, "It broke."), (retried.Attempt, retried.Trainer, retried.Status, retried.FailureReason));
        Assert.Null(retried.Score);
        Assert.Equal(0.73, trials[2].Score!.Value, 9);
        Assert.Equal(2, System.Text.Json.JsonDocument.Parse(trials[2].FoldMetricsJson).RootElement.GetArrayLength());
        Assert.Equal(1000, trials[2].AllocatedBytes);
        Assert.Contains("auc = 0.73", trials[2].Log, StringComparison.Ordinal);
        // The failed retry has no metrics, so its old metric rows are gone; the others keep exactly one row per key.
        var metricRows = await world.Db.TrialMetrics.Where(m => m.RunId == runId).ToListAsync();
        Assert.Equal(4, metricRows.Count);
        Assert.DoesNotContain(metricRows, m => m.TrialId == retried.Id);
    }

    private static async Task QueriesAsync(bool postgres)
    {
        await using var world = await TrackingWorld.CreateAsync(postgres);
        var first = await world.AddRunAsync();
        var second = await world.AddRunAsync();
        var trainers = new[] { "LightGbm", "FastTree", "Linear" };
        var records = Enumerable.Range(1, 30)
            .Select(n => n % 10 == 0
                ? TrackingWorld.Record(n, trainers[n % 3], null, status: TrialStatus.Failed, seconds: n + 0.5)
                : TrackingWorld.Record(n, trainers[n % 3], 0.5 + (n / 100.0), seconds: 31 - n))
            .ToList();
        await world.Recorder.RecordMissingAsync(world.ProjectId, first, records, None);
        await world.Recorder.RecordMissingAsync(world.ProjectId, second, [TrackingWorld.Record(1, "LightGbm", 0.95), TrackingWorld.Record(2, "Linear", 0.6)], None);
        var experiments = world.Experiments;

        // Best AUC first; failed trials (no score) last; a page of 10 out of 30.
        var page = await experiments.ListTrialsAsync(world.Owner, world.ProjectId, first, new TrialQuery(), new PageRequest(0, 10), None);
        Assert.Equal(30, page.Total);
        Assert.Equal([29, 28, 27, 26, 25, 24, 23, 22, 21, 19], page.Items.Select(t => t.Number));
        var last = await experiments.ListTrialsAsync(world.Owner, world.ProjectId, first, new TrialQuery(), new PageRequest(27, 10), None);
        Assert.All(last.Items, t => Assert.Equal(TrialStatus.Failed, t.Status));
        Assert.False(last.HasMore);

        var byTrainer = await experiments.ListTrialsAsync(world.Owner, world.ProjectId, first, new TrialQuery(Trainer: "Linear", Status: TrialStatus.Succeeded), new PageRequest(), None);
        Assert.All(byTrainer.Items, t => Assert.Equal(("Linear", TrialStatus.Succeeded), (t.Trainer, t.Status)));
        Assert.Equal(9, byTrainer.Total);
        var bounded = await experiments.ListTrialsAsync(world.Owner, world.ProjectId, first, new TrialQuery(Min: 0.6, Max: 0.7, Order: "asc"), new PageRequest(), None);
        Assert.Equal([11, 12, 13, 14, 15, 16, 17, 18, 19], bounded.Items.Select(t => t.Number));
        var byLoss = await experiments.ListTrialsAsync(world.Owner, world.ProjectId, first, new TrialQuery(Metric: "logLoss"), new PageRequest(0, 1), None);
        Assert.Equal(29, Assert.Single(byLoss.Items).Number); // logLoss is lower-is-better: the smallest first
        var slowest = await experiments.ListTrialsAsync(world.Owner, world.ProjectId, first, new TrialQuery(Sort: "duration", Order: "desc"), new PageRequest(0, 2), None);
        Assert.Equal([30, 1], slowest.Items.Select(t => t.Number));

        // The leaderboard spans runs; the second run's 0.95 tops it.
        var board = await experiments.LeaderboardAsync(world.Owner, world.ProjectId, new TrialQuery(), new PageRequest(0, 3), None);
        Assert.Equal(29, board.Total);
        Assert.Equal([(second, 1), (first, 29), (first, 28)], board.Items.Select(t => (t.RunId, t.Number)));
        var linear = await experiments.LeaderboardAsync(world.Owner, world.ProjectId, new TrialQuery(Trainer: "Linear"), new PageRequest(0, 1), None);
        Assert.Equal((first, 29), (Assert.Single(linear.Items).RunId, linear.Items[0].Number));

        var compared = await experiments.CompareAsync(world.Owner, world.ProjectId, [second, first], None);
        Assert.Equal([second, first], compared.Select(c => c.Run.Id));
        Assert.Equal((30, 27, 3, 0), (compared[1].Trials, compared[1].Succeeded, compared[1].Failed, compared[1].Cancelled));
        Assert.Equal(29, compared[1].Best!.Number);
        Assert.Equal(0.95, compared[0].Best!.Score);

        var runs = await new Training.TrainingService(world.Db, new ProjectService(world.Db, TimeProvider.System), null!, TimeProvider.System, Microsoft.Extensions.Options.Options.Create(new Configuration.AugurOptions()), Microsoft.Extensions.Options.Options.Create(new Training.TrainingOptions()))
            .ListAsync(world.Owner, world.ProjectId, new PageRequest(0, 1), None);
        Assert.Equal((2, 1, true), (runs.Total, runs.Items.Count, runs.HasMore));
    }
}
