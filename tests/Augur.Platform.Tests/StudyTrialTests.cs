using System.Text.Json;
using Augur.Data;
using Augur.Learning.Search;
using Augur.Learning.Training;
using Augur.Platform.Experiments;
using Augur.Platform.Training;
using Augur.Testing;
using Microsoft.EntityFrameworkCore;

namespace Augur.Platform.Tests;

/// <summary>The projection of a study's trials that its workers read in the study lock, against the trials read whole.</summary>
public sealed class StudyTrialTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public Task The_lock_reads_what_the_whole_trials_say() => ReadAsync(postgres: false);

    [PostgresFact]
    public Task The_lock_reads_what_the_whole_trials_say_on_postgres() => ReadAsync(postgres: true);

    private static async Task ReadAsync(bool postgres)
    {
        await using var world = await TrackingWorld.CreateAsync(postgres);
        var runId = await world.AddRunAsync(metric: null);
        var now = DateTime.UtcNow;
        Trial Claimed(int number) => Trial.Claim(
            world.ProjectId, runId, number, "lightGbm", "{}",
            JsonSerializer.Serialize(new TrialSettings(number, "lightGbm", new Dictionary<string, double> { ["learningRate"] = 0.1 + number / 1000.0 }) { DataFraction = 1.0 / 3 }, AugurJson.Compact),
            1.0 / 3, "node/1", now.AddSeconds(15), now);

        var succeeded = Claimed(1);
        succeeded.Record(TrackingWorld.Record(1, "lightGbm", 0.8125), now);
        var minimised = Claimed(2);
        minimised.Record(TrialRecord.From(new TrialResult(2, "lightGbm", new Dictionary<string, string>(), new Dictionary<string, double> { ["logLoss"] = 0.375, ["auc"] = 0.7 }, TimeSpan.FromSeconds(1), TrialStatus.Succeeded), "logLoss", 1), now);
        var failed = Claimed(3);
        failed.Record(TrackingWorld.Record(3, "lightGbm", null, status: TrialStatus.Failed), now);
        var lost = Claimed(4);
        lost.WorkerStopped(now);
        var running = Claimed(5);
        world.Db.Trials.AddRange(succeeded, minimised, failed, lost, running);
        await world.Db.SaveChangesAsync(None);
        // A trial recorded by a one-worker run has no settings for the tuner to replay.
        await new TrialRecorder(world.Db, TimeProvider.System).RecordAsync(world.ProjectId, runId, TrackingWorld.Record(6, "fastTree", 0.79), None);
        world.Db.ChangeTracker.Clear();

        var read = (await StudyTrial.ReadAsync(world.Db, runId, None)).OrderBy(t => t.Number).ToList();

        var whole = (await world.Db.Trials.AsNoTracking().Where(t => t.RunId == runId).OrderBy(t => t.Number).ToListAsync(None)).Select(StudyTrial.From).ToList();
        Assert.Equal(whole.Select(Json), read.Select(Json));
        Assert.Equal([1, 2, 3, 4, 5, 6], read.Select(t => t.Number));
        Assert.Equal(-0.8125, read[0].Loss);
        Assert.Equal(0.375, read[1].Loss);
        Assert.Equal(double.PositiveInfinity, read[2].Loss);
        Assert.False(read[2].LostItsWorker);
        Assert.True(read[3].LostItsWorker);
        Assert.Equal(TrialStatus.Running, read[4].Status);
        Assert.Equal("node/1", read[4].WorkerId);
        Assert.NotNull(read[4].LeaseUntil);
        Assert.Equal(0.1 + 5 / 1000.0, read[4].Settings!.Parameters["learningRate"]);
        Assert.Equal(1.0 / 3, read[4].Settings!.DataFraction);
        // The column the trials' list and the run comparison read says the same as the settings.
        var stored = await world.Db.Trials.AsNoTracking().SingleAsync(t => t.RunId == runId && t.Number == 5, None);
        Assert.False(stored.IsFullData);
        Assert.Equal(1.0 / 3, stored.DataFraction);
        world.Db.ChangeTracker.Clear();
        Assert.Null(read[5].Settings);
        Assert.Null(read[5].Observation);
        Assert.Equal(TrialStatus.Succeeded, read[0].Observation!.Status);
        Assert.Empty(world.Db.ChangeTracker.Entries());
    }

    private static readonly JsonSerializerOptions Literals = new(AugurJson.Options) { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>A trial as text, for comparing records whose settings hold a dictionary (infinite losses included).</summary>
    private static string Json(StudyTrial trial) => JsonSerializer.Serialize(trial, Literals);
}
