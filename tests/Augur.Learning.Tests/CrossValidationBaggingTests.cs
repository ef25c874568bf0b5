using System.Text.Json;
using System.IO.Compression;
using System.Text.Json.Nodes;
using Augur.Learning.Bundles;
using Augur.Learning.Search;
using Augur.Learning.Trainers;
using Augur.Learning.Training;
using Microsoft.Extensions.Time.Testing;
using Microsoft.ML;

namespace Augur.Learning.Tests;

/// <summary>A member that is not refitted on all rows serves the average of its cross-validation models ("versions" on screen).</summary>
public sealed class CrossValidationBaggingTests
{
    [Fact]
    public async Task Without_a_refit_each_trial_serves_its_three_fold_models_which_round_trip_through_a_file_and_score_alike_by_row_and_by_batch()
    {
        var request = Some.Request("tier", rows: 300, maxTrials: 2) with { Refit = false, Folds = 3 };
        var outcome = await new AutoTrainer(TimeProvider.System).TrainAsync(request, null, CancellationToken.None);
        using var bundle = outcome.Bundle;

        Assert.False(outcome.RefittedOnAllData);
        var entries = bundle.Info.Ensemble;
        // The sentence the model page shows, in words an analyst reads: one model, or a blend of them.
        var members = entries.Select(e => e.Trial).Distinct().Count();
        Assert.Equal(
            members == 1
                ? "The model is the average of 3 versions, each trained on a different 2/3 of the rows."
                : $"A blend of {members} models: {(members == 2 ? "both" : $"all {members}")} are the average of 3 versions, each trained on a different 2/3 of the rows.",
            outcome.ServedModels);
        Assert.Equal(entries, outcome.Ensemble);
        Assert.Equal(1.0, entries.Sum(e => e.Weight), 9);
        foreach (var trial in entries.GroupBy(e => e.Trial))
        {
            // One entry per fold, each with a third of the trial's weight and the trial's own temperature.
            Assert.Equal([0, 1, 2], trial.Select(e => e.Fold ?? -1));
            Assert.Single(trial.Select(e => e.Weight).Distinct());
            var temperature = outcome.Leaderboard.Single(t => t.Number == trial.Key).Metrics[CrossValidationTrialRunner.TemperatureMetric];
            Assert.All(trial, e => Assert.Equal(temperature, e.Temperature));
        }

        // A single trial's temperature sits on its fold models, so the bag is not calibrated twice.
        if (entries.Select(e => e.Trial).Distinct().Count() == 1)
        {
            Assert.Equal(1.0, bundle.Info.Temperature);
        }

        Assert.Equal(entries.Count, bundle.DenseMembers.Count);

        var path = Path.Combine(Path.GetDirectoryName(Some.WriteJsonl([]))!, "model.augur");
        await using (var file = File.Create(path))
        {
            await bundle.SaveAsync(file, CancellationToken.None);
        }

        using var loaded = await Load(path);
        Assert.Equal(entries, loaded.Info.Ensemble);
        // The bundle carries the run's report (report.json), whole.
        Assert.NotNull(bundle.Report);
        Assert.Equal(JsonSerializer.Serialize(TrainingReport.From(outcome)), JsonSerializer.Serialize(loaded.Report));
        var rows = Some.Rows(200, seed: 7);
        var before = bundle.Predict(rows);
        Assert.Equal(before.Select(p => p.Probabilities), loaded.Predict(rows).Select(p => p.Probabilities));
        Assert.All(before, p => Assert.Equal(1.0, p.Probabilities!.Values.Sum(), 9));
        SamePredictions.AsRowPath(loaded, rows);

        // A bundle written before folds were recorded (no "fold" on its members) reads them as null and scores the same.
        await RewriteInfo(path, info =>
        {
            foreach (var member in info["ensemble"]!.AsArray())
            {
                member!.AsObject().Remove("fold");
            }
        });
        using var older = await Load(path);
        Assert.All(older.Info.Ensemble, e => Assert.Null(e.Fold));
        Assert.Equal(before.Select(p => p.Probabilities), older.Predict(rows).Select(p => p.Probabilities));
    }

    [Fact]
    public async Task A_lightgbm_served_from_its_fold_models_still_gives_reason_codes_averaged_over_them()
    {
        var request = Some.Request("churn", rows: 400, maxTrials: 1) with { Refit = false, Folds = 3, Ensemble = false };
        var outcome = await new AutoTrainer(TimeProvider.System, new ScriptedTuner(TrainerCatalog.LightGbm)).TrainAsync(request, null, CancellationToken.None);
        using var bundle = outcome.Bundle;

        Assert.Equal(3, bundle.Info.Ensemble.Count);
        Assert.Equal("The model is the average of 3 versions, each trained on a different 2/3 of the rows.", outcome.ServedModels);
        Assert.All(bundle.DenseMembers, Assert.NotNull); // each fold's trees are cut for batch scoring
        Assert.True(bundle.CanExplain);
        Assert.Null(bundle.ExplanationNote); // one trial explains itself, through all of its fold models
        var answers = bundle.Predict([Some.Customer(income: 79, plan: "plus"), Some.Customer(income: 21, plan: "plus")], reasons: 3);
        Assert.Equal("income", answers[0].Reasons![0].Column);
        Assert.True(answers[0].Reasons![0].Contribution > 0);
        Assert.Equal("income", answers[1].Reasons![0].Column);
        Assert.True(answers[1].Reasons![0].Contribution < 0);
        SamePredictions.AsRowPath(bundle, Some.Rows(300, seed: 3));
    }

    [Fact]
    public async Task A_long_search_leaves_every_fold_model_with_its_best_trials()
    {
        var clock = new FakeTimeProvider();
        var search = new TrialSearch(new ScriptedTuner("a"), new FoldModelRunner(), clock);

        var result = await search.RunAsync(new SearchLimits(TimeSpan.FromHours(1), 25), null, CancellationToken.None);

        Assert.Equal(TrialSearch.CandidateCount, result.Candidates.Count);
        Assert.All(result.Candidates, c => Assert.Equal(3, c.Run.FoldModels.Count));
        Assert.Equal(3, result.BestRun!.FoldModels.Count);
    }

    [Fact]
    public async Task A_long_search_holds_the_models_of_its_candidates_only_while_it_runs()
    {
        // A fully grown forest is tens of megabytes: a search of hundreds of trials must hold only what it can serve.
        var runner = new TrackedModelRunner();

        var result = await new TrialSearch(new ScriptedTuner("a"), runner, new FakeTimeProvider()).RunAsync(new SearchLimits(TimeSpan.FromHours(1), 25), null, CancellationToken.None);

        Assert.Equal(TrialSearch.CandidateCount, result.Candidates.Count);
        // At most one more: the search's own variable for the trial before still holds it until the next one is recorded.
        Assert.InRange(runner.MostAlive, TrialSearch.CandidateCount, TrialSearch.CandidateCount + 1);
    }

    /// <summary>
    /// Trials with losses in a scrambled order, each with its own model; before each trial it counts how many of the
    /// earlier trials' models are still alive after a full garbage collection.
    /// </summary>
    private sealed class TrackedModelRunner : ITrialRunner
    {
        private readonly List<WeakReference> _models = [];

        public int MostAlive { get; private set; }

        public Task<TrialRun> RunAsync(TrialSettings settings, CancellationToken cancellationToken)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            MostAlive = Math.Max(MostAlive, _models.Count(m => m.IsAlive));
            var loss = (settings.Number * 7) % 25;
            var ml = new MLContext(1);
            var model = ml.Transforms.CopyColumns("B", "A").Fit(ml.Data.LoadFromEnumerable(new[] { new FoldModelRunner.Row() }));
            _models.Add(new WeakReference(model));
            return Task.FromResult(new TrialRun(new Dictionary<string, double> { ["rmse"] = loss }, loss, model) { FoldModels = [model, model, model] });
        }
    }

    /// <summary>Trials with losses in a scrambled order, each with three (trivial) fold models.</summary>
    private sealed class FoldModelRunner : ITrialRunner
    {
        private static readonly ITransformer Model = new MLContext(1).Transforms.CopyColumns("B", "A").Fit(
            new MLContext(1).Data.LoadFromEnumerable(new[] { new Row() }));

        public Task<TrialRun> RunAsync(TrialSettings settings, CancellationToken cancellationToken)
        {
            var loss = (settings.Number * 7) % 25;
            return Task.FromResult(new TrialRun(new Dictionary<string, double> { ["rmse"] = loss }, loss) { FoldModels = [Model, Model, Model] });
        }

        internal sealed class Row
        {
            public float A { get; set; }
        }
    }

    private static async Task RewriteInfo(string path, Action<JsonObject> change)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        var entry = zip.GetEntry("bundle.json")!;
        JsonObject info;
        using (var reader = entry.Open())
        {
            info = JsonNode.Parse(reader)!.AsObject();
        }

        change(info);
        entry.Delete();
        await using var writer = zip.CreateEntry("bundle.json").Open();
        await writer.WriteAsync(System.Text.Encoding.UTF8.GetBytes(info.ToJsonString()));
    }

    private static async Task<ModelBundle> Load(string path)
    {
        await using var read = File.OpenRead(path);
        return await ModelBundle.LoadAsync(read, CancellationToken.None);
    }
}
