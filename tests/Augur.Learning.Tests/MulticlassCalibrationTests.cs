using System.IO.Compression;
using System.Text.Json.Nodes;
using Augur.Learning.Bundles;
using Augur.Learning.Trainers;
using Augur.Learning.Training;

namespace Augur.Learning.Tests;

/// <summary>Calibration of multiclass probabilities (prior mix and temperature), from training to the bundle that scores raw rows.</summary>
public sealed class MulticlassCalibrationTests
{
    [Fact]
    public async Task The_bundle_applies_the_temperature_fitted_in_training_after_a_round_trip()
    {
        var outcome = await new AutoTrainer(TimeProvider.System).TrainAsync(Some.Request("tier", rows: 300, maxTrials: 2), null, CancellationToken.None);
        using var bundle = outcome.Bundle;

        var temperatures = bundle.Info.Ensemble.Select(m => m.Temperature).Append(bundle.Info.Temperature).ToList();
        Assert.All(temperatures, t => Assert.True(double.IsFinite(t) && t > 0, $"temperature {t}"));
        Assert.Contains(temperatures, t => t != 1);
        Assert.All(outcome.Leaderboard, t => Assert.True(t.Metrics[CrossValidationTrialRunner.TemperatureMetric] > 0));

        var path = Path.Combine(Path.GetDirectoryName(Some.WriteJsonl([]))!, "model.augur");
        await using (var file = File.Create(path))
        {
            await bundle.SaveAsync(file, CancellationToken.None);
        }

        using var loaded = await Load(path);
        Assert.Equal(bundle.Info.Temperature, loaded.Info.Temperature);
        Assert.Equal(bundle.Info.PriorWeight, loaded.Info.PriorWeight);
        Assert.Equal(bundle.Info.ClassPrior, loaded.Info.ClassPrior);
        Assert.Equal(3, loaded.Info.ClassPrior.Count);
        Assert.Equal(1.0, loaded.Info.ClassPrior.Sum(), 9);
        Assert.Equal(bundle.Info.Ensemble, loaded.Info.Ensemble);
        var rows = Some.Rows(50, seed: 5);
        var before = bundle.Predict(rows);
        var after = loaded.Predict(rows);
        Assert.Equal(before.Select(p => p.Probabilities), after.Select(p => p.Probabilities));
        SamePredictions.AsRowPath(loaded, rows);

        // The same file without the calibrations (as an older bundle) gives other probabilities.
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry("bundle.json")!;
            JsonObject info;
            using (var reader = entry.Open())
            {
                info = JsonNode.Parse(reader)!.AsObject();
            }

            info.Remove("temperature");
            info.Remove("priorWeight");
            info.Remove("classPrior");
            foreach (var member in info["ensemble"]!.AsArray())
            {
                member!.AsObject().Remove("temperature");
                member!.AsObject().Remove("priorWeight");
            }

            entry.Delete();
            await using var writer = zip.CreateEntry("bundle.json").Open();
            await writer.WriteAsync(System.Text.Encoding.UTF8.GetBytes(info.ToJsonString()));
        }

        using var uncalibrated = await Load(path);
        Assert.Equal(1.0, uncalibrated.Info.Temperature);
        Assert.Equal(0.0, uncalibrated.Info.PriorWeight);
        Assert.Empty(uncalibrated.Info.ClassPrior);
        Assert.All(uncalibrated.Info.Ensemble, m => Assert.Equal(1.0, m.Temperature));
        var raw = uncalibrated.Predict(rows);
        Assert.NotEqual(raw.Select(p => p.Probabilities!["mid"]), after.Select(p => p.Probabilities!["mid"]));
        Assert.All(after, p => Assert.Equal(1.0, p.Probabilities!.Values.Sum(), 9));
    }

    [Fact]
    public async Task A_calibrated_trial_validates_at_least_as_well_as_the_same_trial_uncalibrated()
    {
        var request = Some.Request("tier", rows: 300, maxTrials: 1);

        var calibrated = await new AutoTrainer(TimeProvider.System).TrainAsync(request, null, CancellationToken.None);
        var raw = await new AutoTrainer(TimeProvider.System).TrainAsync(request with { Calibrate = false }, null, CancellationToken.None);
        using var calibratedBundle = calibrated.Bundle;
        using var rawBundle = raw.Bundle;

        Assert.Equal(1.0, rawBundle.Info.Temperature);
        Assert.DoesNotContain(CrossValidationTrialRunner.TemperatureMetric, raw.Best.Metrics.Keys);
        Assert.Equal(calibrated.Best.Metrics[CrossValidationTrialRunner.TemperatureMetric], calibratedBundle.Info.Temperature);
        Assert.Equal(calibrated.Best.Metrics[CrossValidationTrialRunner.PriorWeightMetric], calibratedBundle.Info.PriorWeight);
        Assert.DoesNotContain(CrossValidationTrialRunner.PriorWeightMetric, raw.Best.Metrics.Keys);
        Assert.True(calibrated.Best.Metrics["logLoss"] <= raw.Best.Metrics["logLoss"], $"{calibrated.Best.Metrics["logLoss"]} vs {raw.Best.Metrics["logLoss"]}");
        Assert.Equal(raw.Best.Metrics["accuracy"], calibrated.Best.Metrics["accuracy"]);
    }

    private static async Task<ModelBundle> Load(string path)
    {
        await using var read = File.OpenRead(path);
        return await ModelBundle.LoadAsync(read, CancellationToken.None);
    }
}
