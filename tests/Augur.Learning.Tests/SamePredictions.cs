using System.Text.Json.Nodes;
using Augur.Learning.Bundles;

namespace Augur.Learning.Tests;

/// <summary>Asserts that the batch path answers exactly what the row path answers: same label, same probabilities to the bit.</summary>
internal static class SamePredictions
{
    public static void AsRowPath(ModelBundle bundle, IReadOnlyList<JsonObject> rows)
    {
        var byRow = bundle.PredictEach(rows);
        var byBatch = bundle.PredictBatch(rows);

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
