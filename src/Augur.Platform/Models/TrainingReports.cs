using System.Text.Json;
using Augur.Data;
using Augur.Learning.Training;

namespace Augur.Platform.Models;

/// <summary>Stored <see cref="TrainingReport"/>s (on runs and on model versions), written and read the same way.</summary>
public static class TrainingReports
{
    public static string Write(TrainingReport report) => JsonSerializer.Serialize(report, AugurJson.Compact);

    /// <summary>The report in <paramref name="json"/>; null when there is none, or when it cannot be read (a report explains a model to people: nothing that shows it may fail because of it).</summary>
    public static TrainingReport? Read(string? json)
    {
        try
        {
            return json is null ? null : JsonSerializer.Deserialize<TrainingReport>(json, AugurJson.Compact);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
