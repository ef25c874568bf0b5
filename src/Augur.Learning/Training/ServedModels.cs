using System.Globalization;
using Augur.Learning.Bundles;
using Augur.Learning.Search;
using Augur.Learning.Trainers;
using Microsoft.ML;

namespace Augur.Learning.Training;

/// <summary>
/// What a bundle serves for each member of the shipped predictor: its refit on all rows when the budget allowed one;
/// otherwise the average of its k cross-validation models (each saw (k-1)/k of the rows, and their average is steadier
/// than any one of them), one bundle entry per fold with 1/k of the member's weight; otherwise (holdout, or a runner
/// that kept no models) the model of its last validation fold.
/// </summary>
internal static class ServedModels
{
    /// <param name="refits">Each member's refit on all rows, or null where there was none.</param>
    /// <param name="lastFoldModels">Each member's model of the last validation fold.</param>
    /// <param name="lastFoldShare">The share of the rows the last fold's model was fitted on.</param>
    public static (IReadOnlyList<EnsembleMember> Entries, IReadOnlyList<ITransformer> Models, string Description) Build(
        IReadOnlyList<ScoredTrial> members,
        IReadOnlyList<double> weights,
        IReadOnlyList<Calibration> calibrations,
        IReadOnlyList<ITransformer?> refits,
        IReadOnlyList<ITransformer> lastFoldModels,
        int folds,
        double lastFoldShare)
    {
        var entries = new List<EnsembleMember>();
        var models = new List<ITransformer>();
        var how = new List<(string One, string Many)>();
        for (var i = 0; i < members.Count; i++)
        {
            var member = new EnsembleMember(members[i].Settings.Number, members[i].Settings.Trainer, weights[i]) { Temperature = calibrations[i].Temperature, PriorWeight = calibrations[i].PriorWeight };
            var foldModels = members[i].Run.FoldModels;
            if (refits[i] is { } refit)
            {
                entries.Add(member);
                models.Add(refit);
                how.Add(("refitted on all rows", "refitted on all rows"));
            }
            else if (folds > 1 && foldModels.Count == folds)
            {
                entries.AddRange(foldModels.Select((_, f) => member with { Weight = weights[i] / folds, Fold = f }));
                models.AddRange(foldModels);
                var each = $"the average of {folds} versions, each trained on a different {folds - 1}/{folds} of the rows";
                how.Add((each, each));
            }
            else
            {
                entries.Add(member with { Fold = folds - 1 });
                models.Add(lastFoldModels[i]);
                var share = lastFoldShare.ToString("0%", CultureInfo.InvariantCulture);
                how.Add(folds == 1
                    ? ($"trained on the {share} of the rows not set aside to check it", $"trained on the {share} of the rows not set aside to check them")
                    : ($"the version trained on {share} of the rows in the last of its {folds} checks", $"the versions trained on {share} of the rows in the last of their {folds} checks"));
            }
        }

        // Read by analysts on the model page: "a blend of models" rather than "an ensemble of trials", and "versions,
        // each trained on 2/3 of the rows" rather than "cross-validation models".
        var groups = how.GroupBy(h => h).ToList();
        var description = members.Count == 1
            ? $"The model is {how[0].One}."
            : $"A blend of {members.Count} models: " + (groups.Count == 1
                ? $"{(members.Count == 2 ? "both" : $"all {members.Count}")} are {groups[0].Key.Many}"
                : string.Join("; ", groups.Select(g => g.Count() == 1 ? $"1 is {g.Key.One}" : $"{g.Count()} are {g.Key.Many}"))) + ".";
        return (entries, models, description);
    }
}
