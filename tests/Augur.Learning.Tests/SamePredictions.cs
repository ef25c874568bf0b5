using System.Text.Json.Nodes;
using Augur.Learning.Bundles;

namespace Augur.Learning.Tests;

/// <summary>
/// Asserts that the batch paths (rows as JSON objects, and rows as cells read by position) answer exactly what the row
/// path answers: same errors, same label, same probabilities to the bit.
/// </summary>
internal static class SamePredictions
{
    public static void AsRowPath(ModelBundle bundle, IReadOnlyList<JsonObject> rows)
    {
        var byRow = bundle.PredictEach(rows);
        AssertSame(byRow, bundle.PredictBatch(rows));

        // Cells in an order of their own, with a column the model does not know, as a file's reader hands them over.
        var columns = rows.SelectMany(r => r.Select(p => p.Key)).Append("not_a_model_column").Distinct(StringComparer.Ordinal).Reverse().ToList();
        var cells = rows.Select(r => columns.Select(c => r.TryGetPropertyValue(c, out var node) ? node?.DeepClone() : null).ToArray()).ToList();
        AssertSame(byRow, bundle.PredictBatch(cells, bundle.Layout(columns)));

        // The flat-array path, with its encoded rows and arrays reused: first on the rows backwards, then in order.
        var answers = new BatchAnswers();
        var backwards = Enumerable.Reverse(cells).ToList();
        bundle.PredictBatch(backwards, bundle.Layout(columns), answers);
        AssertSame(Enumerable.Reverse(rows).ToList() is var reversed ? bundle.PredictEach(reversed) : [], Outcomes(answers));
        bundle.PredictBatch(cells, bundle.Layout(columns), answers);
        AssertSame(byRow, Outcomes(answers));
    }

    private static RowOutcome[] Outcomes(BatchAnswers answers) =>
        [.. Enumerable.Range(0, answers.Count).Select(i => answers.Errors(i) is { } errors ? new RowOutcome(null, errors) : new RowOutcome(answers.Prediction(i), []))];

    private static void AssertSame(IReadOnlyList<RowOutcome> byRow, IReadOnlyList<RowOutcome> byBatch)
    {
        Assert.Equal(byRow.Count, byBatch.Count);
        for (var i = 0; i < byRow.Count; i++)
        {
            Assert.Equal(byRow[i].Errors, byBatch[i].Errors);
            Assert.Equal(byRow[i].Prediction?.Prediction?.ToJsonString(), byBatch[i].Prediction?.Prediction?.ToJsonString());
            Assert.Equal(
                byRow[i].Prediction?.Probabilities?.OrderBy(p => p.Key, StringComparer.Ordinal),
                byBatch[i].Prediction?.Probabilities?.OrderBy(p => p.Key, StringComparer.Ordinal));
        }
    }
}
