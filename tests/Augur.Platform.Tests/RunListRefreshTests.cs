using Augur.Learning.Training;
using Augur.Platform.Configuration;
using Augur.Platform.Projects;
using Augur.Platform.Training;
using Augur.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Quartz;

namespace Augur.Platform.Tests;

public sealed class RunListRefreshTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public Task A_refresh_reads_again_only_the_runs_that_were_not_finished_and_adds_new_ones() => RefreshAsync(postgres: false);

    [PostgresFact]
    public Task A_refresh_reads_again_only_the_runs_that_were_not_finished_and_adds_new_ones_on_postgres() => RefreshAsync(postgres: true);

    private static async Task RefreshAsync(bool postgres)
    {
        await using var world = await TrackingWorld.CreateAsync(postgres);
        var finished = await world.AddRunAsync();
        // Older than a minute, so no longer in the overlap the refresh reads again for late commits and clock skew.
        await world.Db.TrainingRuns.Where(r => r.Id == finished).ExecuteUpdateAsync(s => s.SetProperty(r => r.CreatedAt, DateTime.UtcNow.AddMinutes(-5)));
        var training = await world.AddRunAsync(metric: null);
        await using var quartz = new ServiceCollection().AddQuartz().BuildServiceProvider();
        var service = Service(world, quartz);
        var shown = await service.ListAsync(world.Owner, world.ProjectId, None);
        Assert.Equal([training, finished], (await service.RefreshAsync(world.Owner, world.ProjectId, [], None)).Select(r => r.Id));
        world.Db.ChangeTracker.Clear();

        // Meanwhile the training run ends, a new run starts, and the finished run's row is touched (a finished run never
        // changes in Augur; this only shows whether the refresh read it again).
        var run = await world.Db.TrainingRuns.Include(r => r.Details).SingleAsync(r => r.Id == training);
        run.Succeed(DateTime.UtcNow, "binary", "LightGbm", "auc", 0.8, "{}", "{}", "[]", "bundle", 3);
        await world.Db.SaveChangesAsync();
        await world.Db.TrainingRuns.Where(r => r.Id == finished).ExecuteUpdateAsync(s => s.SetProperty(r => r.ModelName, "touched"));
        world.Db.ChangeTracker.Clear();
        var started = await world.AddRunAsync(metric: null);

        var refreshed = await service.RefreshAsync(world.Owner, world.ProjectId, shown, None);

        Assert.Equal([started, training, finished], refreshed.Select(r => r.Id));
        Assert.Equal(RunStatus.Succeeded, refreshed[1].Status);
        Assert.Equal(3, refreshed[1].TrialsDone);
        Assert.Same(shown.Single(r => r.Id == finished), refreshed[2]);
        Assert.Equal("churn", refreshed[2].ModelName);

        // Now only the new run is open: it is read again with whatever was created in the minute before it (the run that
        // just finished), and the older finished run is kept as it was. (The dashboard calls each time in a scope of its
        // own, so nothing is tracked between calls.)
        world.Db.ChangeTracker.Clear();
        var again = await service.RefreshAsync(world.Owner, world.ProjectId, refreshed, None);
        Assert.Equal([started, training, finished], again.Select(r => r.Id));
        Assert.Same(refreshed[2], again[2]);
        Assert.NotSame(refreshed[0], again[0]);

        // A run committed late, or stamped by a node whose clock is behind, sorts before the newest shown: it still appears.
        var late = await world.AddRunAsync(metric: null);
        await world.Db.TrainingRuns.Where(r => r.Id == late).ExecuteUpdateAsync(s => s.SetProperty(r => r.CreatedAt, again[0].CreatedAt.AddSeconds(-30)));
        world.Db.ChangeTracker.Clear();
        var withLate = await service.RefreshAsync(world.Owner, world.ProjectId, again, None);
        Assert.Equal([started, training, late, finished], withLate.Select(r => r.Id));
    }

    [Fact]
    public async Task Another_tenant_cannot_refresh_a_projects_runs()
    {
        await using var world = await TrackingWorld.CreateAsync(postgres: false);
        await world.AddRunAsync(metric: null);
        await using var quartz = new ServiceCollection().AddQuartz().BuildServiceProvider();
        var service = Service(world, quartz);
        var shown = await service.ListAsync(world.Owner, world.ProjectId, None);

        await Assert.ThrowsAsync<NotFoundException>(() => service.RefreshAsync(world.Stranger, world.ProjectId, shown, None));
        await Assert.ThrowsAsync<NotFoundException>(() => service.RefreshAsync(world.Stranger, world.ProjectId, [], None));
    }

    [Fact]
    public Task Lists_of_runs_leave_the_leaderboard_and_report_unread_and_one_run_reads_them() => DetailsAsync(postgres: false);

    [PostgresFact]
    public Task Lists_of_runs_leave_the_leaderboard_and_report_unread_and_one_run_reads_them_on_postgres() => DetailsAsync(postgres: true);

    private static async Task DetailsAsync(bool postgres)
    {
        await using var world = await TrackingWorld.CreateAsync(postgres);
        const string leaderboard = """[{"number":1,"trainer":"LightGbm"}]""";
        var report = new TrainingReport(
            TaskKind.Binary, "The target 'Churn' is Yes/No.", "Churn", "auc", "3-fold", "LightGbm", true, "The model is refitted on all rows.",
            new Dictionary<string, double> { ["auc"] = 0.9 }, new Dictionary<string, double> { ["auc"] = 0.9 }, [], "Yes", 0.5, [], [], [], [], []).ToJson();
        var runId = await world.AddRunAsync(leaderboardJson: leaderboard, reportJson: report);
        await using var quartz = new ServiceCollection().AddQuartz().BuildServiceProvider();
        var service = Service(world, quartz);

        // The project page's list, its refresh and the API's pages carry the run without its details.
        Assert.Null(Assert.Single(await service.ListAsync(world.Owner, world.ProjectId, None)).Details);
        Assert.Null(Assert.Single(await service.RefreshAsync(world.Owner, world.ProjectId, [], None)).Details);
        Assert.Null(Assert.Single((await service.ListAsync(world.Owner, world.ProjectId, new Paging.PageRequest(0, 50), None)).Items).Details);
        world.Db.ChangeTracker.Clear();

        // One run read with them has both, as stored (the same row: table splitting).
        var one = await service.GetAsync(world.Owner, world.ProjectId, runId, withDetails: true, None);
        Assert.Equal(leaderboard, one.Details!.LeaderboardJson);
        Assert.Equal(report, one.Details.ReportJson);
        Assert.Equal("LightGbm", one.Trainer);
        await Assert.ThrowsAsync<NotFoundException>(() => service.GetAsync(world.Stranger, world.ProjectId, runId, withDetails: true, None));

        // The report alone (the run card, the API's /report) comes with the run's status, and not to another tenant.
        var (status, read) = await service.ReportAsync(world.Owner, world.ProjectId, runId, None);
        Assert.Equal(RunStatus.Succeeded, status);
        Assert.Equal("Churn", read!.Target);
        await Assert.ThrowsAsync<NotFoundException>(() => service.ReportAsync(world.Stranger, world.ProjectId, runId, None));

        // A run read without them refuses to succeed, instead of storing a success whose leaderboard and report are lost.
        var open = await world.AddRunAsync(metric: null);
        var unread = await service.GetAsync(world.Owner, world.ProjectId, open, None);
        Assert.Throws<InvalidOperationException>(() => unread.Succeed(DateTime.UtcNow, "binary", "LightGbm", "auc", 0.9, "{}", "{}", leaderboard, "bundle", 1));
        Assert.Equal(RunStatus.Running, unread.Status);
    }

    /// <summary>The service as the app builds it; a refresh never schedules anything, so Quartz is only configured.</summary>
    private static TrainingService Service(TrackingWorld world, IServiceProvider quartz) =>
        new(world.Db, new ProjectService(world.Db, TimeProvider.System), quartz.GetRequiredService<ISchedulerFactory>(), TimeProvider.System, Options.Create(new AugurOptions()), Options.Create(new TrainingOptions()));
}
