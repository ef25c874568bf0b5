using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Augur.Learning.Search;
using Augur.Learning.Trainers;
using Augur.Learning.Training;
using Augur.Platform.Training;
using Augur.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Augur.Tests;

/// <summary>
/// Trials in child `augur trial` processes (the real built augur): a runaway trial is stopped and recorded as failed,
/// this process (the worker) lives on, a cancel kills the child, and a normal run measures exactly what it measures in process.
/// </summary>
public sealed class TrialIsolationTests
{
    private static readonly TrialExecutable Augur = TrialExecutable.For(AugurProcess.AugurDll);

    private static ProcessTrialRunners Runners(TrainingOptions options) => new(options, Augur, NullLogger.Instance);

    [Fact]
    public async Task Trials_in_child_processes_give_the_same_leaderboard_as_trials_in_process()
    {
        using var data = new TempDirectory();
        var request = ChurnData.Request(data.Path, rows: 600, maxTrials: 2);

        var inProcess = await new AutoTrainer(TimeProvider.System).TrainAsync(request, null, CancellationToken.None);
        var isolated = await new AutoTrainer(TimeProvider.System, runners: Runners(new TrainingOptions())).TrainAsync(request, null, CancellationToken.None);

        Assert.Equal(inProcess.Leaderboard.Select(t => (t.Number, t.Trainer, t.Status)), isolated.Leaderboard.Select(t => (t.Number, t.Trainer, t.Status)));
        Assert.All(isolated.Leaderboard, t => Assert.Equal(TrialStatus.Succeeded, t.Status));
        Assert.Equal(inProcess.Best.Metrics["auc"], isolated.Best.Metrics["auc"], 12);
        Assert.Equal(inProcess.Best.FoldMetrics.Count, isolated.Best.FoldMetrics.Count);
        Assert.Equal(inProcess.ValidationMetrics["auc"], isolated.ValidationMetrics["auc"], 12);
        Assert.NotNull(isolated.Bundle);
    }

    [Fact]
    public async Task Children_hand_their_models_back_so_the_worker_serves_what_it_would_have_trained_in_process()
    {
        using var data = new TempDirectory();
        // Without refits the served model is each member's fold models. In process the trials keep them; children write
        // theirs beside their results, and the worker serves them instead of fitting a member's last fold again.
        var request = ChurnData.Request(data.Path, rows: 600, maxTrials: 2) with { Refit = false };

        var inProcess = await new AutoTrainer(TimeProvider.System).TrainAsync(request, null, CancellationToken.None);
        var isolated = await new AutoTrainer(TimeProvider.System, runners: Runners(new TrainingOptions())).TrainAsync(request, null, CancellationToken.None);

        Assert.Contains("versions, each trained on a different", isolated.ServedModels, StringComparison.Ordinal);
        Assert.Equal(inProcess.ServedModels, isolated.ServedModels);
        var rows = File.ReadLines(request.DataPath).Take(20).Select(l => (JsonObject)JsonNode.Parse(l)!).ToList();
        Assert.Equal(
            inProcess.Bundle.Predict(rows).Select(p => p.Probabilities!.Values.First()),
            isolated.Bundle.Predict(rows).Select(p => p.Probabilities!.Values.First()));
    }

    [Fact]
    public async Task A_study_finalised_from_the_models_its_children_wrote_serves_what_one_worker_would()
    {
        using var data = new TempDirectory();
        var request = ChurnData.Request(data.Path, rows: 600, maxTrials: 2) with { Refit = false };
        var space = TrainerCatalog.SearchSpace(TaskKind.Binary, 600).ToDictionary(s => s.Trainer);
        IReadOnlyList<TrialSettings> trials =
        [
            new(1, TrainerCatalog.LightGbm, space[TrainerCatalog.LightGbm].Defaults()),
            new(2, TrainerCatalog.FastTree, space[TrainerCatalog.FastTree].Defaults()),
        ];

        // Each study trial runs in a child, which writes its models where the worker asked; finalising reads them back.
        var study = new StudyTrainer(TimeProvider.System, runners: Runners(new TrainingOptions()));
        var archive = new FileArchive();
        foreach (var settings in trials)
        {
            var path = Path.Combine(data.Path, $"trial-{settings.Number}.zip");
            var trial = await study.RunTrialAsync(request, settings, path, CancellationToken.None);
            Assert.True(trial.ModelsSaved, trial.Trial.FailureReason);
            archive.Stored[settings.Number] = (trial.Run!, path);
        }

        var finalised = await study.FinaliseAsync(request, trials, stoppedEarly: false, archive, CancellationToken.None);
        var oneWorker = await new AutoTrainer(TimeProvider.System, new FixedTuner(trials)).TrainAsync(request, null, CancellationToken.None);

        // Every finalist was taken from the archive (which marks what it serves), none validated again.
        Assert.All(finalised.Leaderboard, t => Assert.Equal(1, t.Metrics[FileArchive.Marker]));
        Assert.Equal(oneWorker.ServedModels, finalised.ServedModels);
        var rows = File.ReadLines(request.DataPath).Take(20).Select(l => (JsonObject)JsonNode.Parse(l)!).ToList();
        Assert.Equal(
            oneWorker.Bundle.Predict(rows).Select(p => p.Probabilities!.Values.First()),
            finalised.Bundle.Predict(rows).Select(p => p.Probabilities!.Values.First()));
    }

    [Fact]
    public async Task A_trial_over_its_memory_cap_is_recorded_failed_and_the_worker_goes_on()
    {
        using var data = new TempDirectory();
        // 20,000 rows are read into far more than 8 MB of managed memory: every trial passes the cap.
        var request = ChurnData.Request(data.Path, rows: 20_000, maxTrials: 2);
        var runners = Runners(new TrainingOptions { TrialMemoryLimitMb = 8 });

        // A single-worker run: every trial fails for memory, so the run fails cleanly, naming the reason per trial.
        var error = await Assert.ThrowsAsync<TrainingException>(() => new AutoTrainer(TimeProvider.System, runners: runners).TrainAsync(request, null, CancellationToken.None));
        Assert.Contains("trial 1 (", error.Message, StringComparison.Ordinal);
        Assert.Contains("trial 2 (", error.Message, StringComparison.Ordinal);
        Assert.Contains("This trial used more than 8 MB of memory and was stopped.", error.Message, StringComparison.Ordinal);

        // A study worker's trial through the one-trial seam: recorded as failed, not thrown.
        var study = new StudyTrainer(TimeProvider.System, runners: runners);
        var settings = study.Propose(TaskKind.Binary, request.Seed, [], 1);
        var (trial, _) = await study.RunTrialAsync(request, settings, null, CancellationToken.None);
        Assert.Equal(TrialStatus.Failed, trial.Status);
        Assert.Equal("This trial used more than 8 MB of memory and was stopped.", trial.FailureReason);
    }

    [Fact]
    public async Task A_crashed_child_is_recorded_in_plain_words_without_its_stack_trace()
    {
        using var data = new TempDirectory();
        var request = ChurnData.Request(data.Path, rows: 300, maxTrials: 1);
        // A stand-in for a child that dies in native code or an unhandled exception: it prints a stack trace and exits 134.
        var script = Path.Combine(data.Path, "crashing-trial.sh");
        await File.WriteAllTextAsync(script, "#!/bin/sh\necho 'Unhandled exception. System.InvalidOperationException: boom' >&2\necho '   at Augur.Secret.Method()' >&2\nexit 134\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var runners = new ProcessTrialRunners(new TrainingOptions(), TrialExecutable.For(script), NullLogger.Instance);

        var study = new StudyTrainer(TimeProvider.System, runners: runners);
        var (trial, _) = await study.RunTrialAsync(request, study.Propose(TaskKind.Binary, request.Seed, [], 1), null, CancellationToken.None);

        Assert.Equal(TrialStatus.Failed, trial.Status);
        Assert.Equal("This trial stopped unexpectedly (its training process crashed). Other trials were not affected; an administrator can find the details in the server log.", trial.FailureReason);
    }

    [Fact]
    public async Task Models_a_child_wrote_that_cannot_be_read_leave_its_measurements_standing()
    {
        using var data = new TempDirectory();
        var request = ChurnData.Request(data.Path, rows: 300, maxTrials: 1);
        // A stand-in for a child whose models file is damaged: a sound result beside a file that is not a zip.
        var script = Path.Combine(data.Path, "damaged-models.sh");
        await File.WriteAllTextAsync(script, """
            #!/bin/sh
            while [ $# -gt 0 ]; do [ "$1" = "--result" ] && result="$2"; shift; done
            echo '{"metrics":{"auc":0.75},"loss":-0.75,"metric":"auc","models":"models.zip"}' > "$result"
            echo 'not a zip' > "$(dirname "$result")/models.zip"
            """);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var runner = new ProcessTrialRunners(new TrainingOptions(), TrialExecutable.For(script), NullLogger.Instance).Create(request);
        var settings = new StudyTrainer(TimeProvider.System).Propose(TaskKind.Binary, request.Seed, [], 1);

        var run = await runner.RunAsync(settings, CancellationToken.None);

        Assert.Equal((-0.75, "auc"), (run.Loss, run.Metric));
        Assert.Null(run.Model);
        Assert.Empty(run.FoldModels);
    }

    [Fact]
    public async Task A_trial_past_its_time_share_is_stopped_and_the_search_goes_on_to_the_next_trial()
    {
        using var data = new TempDirectory();
        var request = ChurnData.Request(data.Path, rows: 300, maxTrials: 2);
        // A stand-in for a trial that runs long: a child that would take a minute. A real trial's time depends on the
        // machine (half a second let a fast one finish on a quiet machine), so the overrun is made certain instead.
        var script = Path.Combine(data.Path, "slow-trial.sh");
        await File.WriteAllTextAsync(script, "#!/bin/sh\nexec sleep 60\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var runners = new ProcessTrialRunners(new TrainingOptions { TrialTimeLimit = TimeSpan.FromSeconds(0.5) }, TrialExecutable.For(script), NullLogger.Instance);
        var progress = new List<TrainingProgress>();

        var error = await Assert.ThrowsAsync<TrainingException>(() =>
            new AutoTrainer(TimeProvider.System, runners: runners).TrainAsync(request, new SyncProgress(progress), CancellationToken.None));

        Assert.Equal([1, 2], progress.Select(p => p.LastTrial!.Number));
        Assert.All(progress, p => Assert.Equal(TrialStatus.Failed, p.LastTrial!.Status));
        Assert.All(progress, p => Assert.Equal("This trial ran past its 0.5-second share of the budget and was stopped.", p.LastTrial!.FailureReason));
        Assert.Contains("ran past its 0.5-second share", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_a_trial_kills_its_child_process_within_5_seconds()
    {
        using var data = new TempDirectory();
        var request = ChurnData.Request(data.Path, rows: 3000, maxTrials: 1);
        var runner = (ProcessTrialRunner)Runners(new TrainingOptions()).Create(request);
        var settings = new StudyTrainer(TimeProvider.System).Propose(TaskKind.Binary, request.Seed, [], 1);
        using var cancel = new CancellationTokenSource();

        var trial = runner.RunAsync(settings, cancel.Token);
        while (runner.ChildProcessId is null && !trial.IsCompleted)
        {
            await Task.Delay(20);
        }

        var pid = Assert.IsType<int>(runner.ChildProcessId);
        var child = Process.GetProcessById(pid);
        var cancelled = Stopwatch.StartNew();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => trial);

        Assert.True(cancelled.Elapsed < TimeSpan.FromSeconds(5), $"the trial stopped {cancelled.Elapsed} after the cancel");
        Assert.True(child.HasExited, $"the trial process {pid} is still running");
    }

    /// <summary>
    /// The whole platform: `augur serve` runs a study (parallelism 2, so study workers) whose trials each pass an 8 MB
    /// cap. Every trial is recorded failed with the memory reason, the run fails saying so, and the server lives on.
    /// </summary>
    [Fact]
    public async Task A_served_study_records_runaway_trials_as_failed_and_the_server_lives_on()
    {
        using var data = new TempDirectory();
        var port = AugurProcess.FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        using var server = AugurProcess.Start(
            ["serve", "--urls", baseAddress.ToString(), "--data", data.Path],
            new Dictionary<string, string> { ["AUGUR_ADMIN_PASSWORD"] = "isolation-test-password", ["Augur__SeedDemo"] = "false", ["Training__TrialMemoryLimitMb"] = "8" });
        using var client = await ServerApi.SignInAsync(baseAddress, server, "isolation-test-password");
        var projectId = await ServerApi.CreateProjectAsync(client);
        var datasetId = await ServerApi.UploadAsync(client, projectId, "churn.csv", ChurnData.Csv(rows: 6_000));

        var start = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId, target = "churn", budgetSeconds = 120, parallelism = 2, maxTrials = 2 });
        var runId = (await ServerApi.ReadAsync(start))["id"]!.GetValue<string>();
        var run = await ServerApi.WaitForStatusAsync(client, projectId, runId, s => s is "succeeded" or "failed", TimeSpan.FromSeconds(90));

        Assert.True(run["status"]!.GetValue<string>() == "failed", run.ToJsonString());
        var trials = (await ServerApi.ReadAsync(await client.GetAsync($"/api/v1/projects/{projectId}/runs/{runId}/trials?sort=number")))["items"]!.AsArray();
        Assert.Equal(2, trials.Count);
        Assert.All(trials, t => Assert.Equal("This trial used more than 8 MB of memory and was stopped.", t!["failureReason"]!.GetValue<string>()));
        Assert.Contains("8 MB of memory", run["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Healthy", (await ServerApi.ReadAsync(await client.GetAsync("/health")))["status"]!.GetValue<string>());
    }

    /// <summary>Progress reported on the caller's thread (Progress&lt;T&gt; would post it later).</summary>
    private sealed class SyncProgress(List<TrainingProgress> reports) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => reports.Add(value);
    }

    /// <summary>Study trials kept as their runs and the models files their children wrote, as a study's workers store them.</summary>
    private sealed class FileArchive : ITrialArchive
    {
        /// <summary>A metric no trial measures, added to what the archive serves.</summary>
        public const string Marker = "servedFromArchive";

        public Dictionary<int, (TrialRun Run, string Models)> Stored { get; } = [];

        public async Task<TrialRun?> FindAsync(TrialSettings settings, CancellationToken cancellationToken)
        {
            var (run, models) = Stored[settings.Number];
            var marked = run with { Model = null, FoldModels = [], Metrics = new Dictionary<string, double>(run.Metrics) { [Marker] = 1 } };
            return await TrialModelArchive.ReadAsync(marked, models, cancellationToken);
        }
    }
}
