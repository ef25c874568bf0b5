using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Augur.Data.Ingestion;
using Augur.Data.Schema;

namespace Augur.Web.Components.Projects;

/// <summary>Words for a marketing analyst, not for an ML specialist: column types, trainers, metrics, durations.</summary>
public static class Friendly
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public static string TypeName(ColumnSchema column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return column.Role == ColumnRole.Identifier ? TypeName(ColumnType.Identifier) : TypeName(column.Type);
    }

    public static string TypeName(ColumnType type) => type switch
    {
        ColumnType.Integer => "Whole number",
        ColumnType.Number => "Number",
        ColumnType.Boolean => "Yes/No",
        ColumnType.Date => "Date",
        ColumnType.DateTime => "Date & time",
        ColumnType.Categorical => "Category",
        ColumnType.Text => "Text",
        ColumnType.Identifier => "ID (not used for training)",
        _ => type.ToString(),
    };

    /// <summary>Identifiers and ignored columns are kept in the data but never used as model inputs (or targets).</summary>
    public static bool IsUsable(ColumnSchema column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return column.Role == ColumnRole.Feature && column.Type != ColumnType.Identifier;
    }

    public static string Trainer(string? trainer) => trainer switch
    {
        null or "" => "—",
        "lightGbm" => "LightGBM (boosted trees)",
        "fastTree" => "FastTree (boosted trees)",
        "fastForest" => "Random forest",
        "extraTrees" => "Extra trees (many random decision trees averaged)",
        "lbfgsLogisticRegression" => "Logistic regression",
        "lbfgsMaximumEntropy" => "Logistic regression (many classes)",
        "sdca" => "Linear model (SDCA)",
        _ => trainer,
    };

    public static string Duration(TimeSpan? duration)
    {
        if (duration is not { } d)
        {
            return "—";
        }

        if (d.TotalSeconds < 10)
        {
            return $"{d.TotalSeconds.ToString("0.0", Culture)} s";
        }

        return d.TotalMinutes < 1
            ? $"{Math.Round(d.TotalSeconds).ToString(Culture)} s"
            : d.TotalHours < 1
                ? $"{(int)d.TotalMinutes} min {d.Seconds} s"
                : $"{(int)d.TotalHours} h {d.Minutes} min";
    }

    public static string Budget(TimeSpan budget) =>
        budget.TotalMinutes >= 1 && budget.Seconds == 0 ? $"{(int)budget.TotalMinutes} min" : $"{(int)budget.TotalSeconds} s";

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{(bytes / 1024.0).ToString("0.#", Culture)} KB",
        < 1024L * 1024 * 1024 => $"{(bytes / 1024.0 / 1024).ToString("0.#", Culture)} MB",
        _ => $"{(bytes / 1024.0 / 1024 / 1024).ToString("0.##", Culture)} GB",
    };

    public static string Number(double value) =>
        Math.Abs(value) >= 100 ? value.ToString("#,0.#", Culture) : value.ToString("0.###", Culture);

    public static string Percent(double value) => value.ToString("0.#%", Culture);

    /// <summary>
    /// Why a yes/no model answered the less likely of the two, or null when it answered the more likely one. A model
    /// whose cut-off was tuned (to catch more of the rarer answer, by F1 or a cost matrix) says "Yes" from below 50%,
    /// and a person who sees "Yes" beside "No: 57%" deserves the reason.
    /// </summary>
    /// <param name="predicted">The answer as shown.</param>
    /// <param name="probabilities">Each answer's chance, keyed as shown.</param>
    public static string? AgainstTheOdds(string predicted, IReadOnlyDictionary<string, double> probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        if (probabilities.Count != 2 || !probabilities.TryGetValue(predicted, out var chance))
        {
            return null;
        }

        var other = probabilities.Single(p => p.Key != predicted);
        return chance >= other.Value
            ? null
            : $"“{predicted}” although “{other.Key}” is more likely: this model answers “{predicted}” from a chance below 50%. "
              + $"Its cut-off was set on past data so that it misses fewer of the “{predicted}” cases, at the price of some false alarms.";
    }

    /// <summary>
    /// Why a dataset has fewer rows than its file, or rows that repeat: copies of a record with an ID, or in files
    /// joined into one table, are removed, and repeats in a single file without an ID are kept as what happened
    /// (Augur.Data's DuplicatePolicy). Datasets uploaded before that rule had every repeat removed. Null when nothing
    /// repeats.
    /// </summary>
    /// <param name="removed">Exact duplicate rows removed.</param>
    /// <param name="kept">Exact duplicate rows kept.</param>
    /// <param name="schema">The dataset's columns: whether one is an ID, and whether the table joins several files.</param>
    public static string? RepeatedRows(long removed, long kept, TableSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var were = removed == 1 ? "was" : "were";
        return (removed, kept) switch
        {
            (> 0, _) when schema.Columns.Any(c => c.Role == ColumnRole.Identifier) =>
                $"{Rows(removed)} {(removed == 1 ? "was an exact copy" : "were exact copies")} of another row with the same ID and {were} removed: "
                + "one record exported twice counts once.",
            (> 0, _) when schema.Find(Ingestor.SourceFileColumn) is not null =>
                $"{Rows(removed)} {were} exact {(removed == 1 ? "copy" : "copies")} of another row and {were} removed: in files joined into one table, "
                + "such a row is the same record in two overlapping exports.",
            (> 0, _) => $"{Rows(removed)} that repeated another row exactly {were} removed when this file was uploaded. "
                        + "With no ID column they are separate cases, which Augur now keeps: upload the file again to train on them.",
            (_, > 0) => $"{Rows(kept)} {(kept == 1 ? "repeats" : "repeat")} another row exactly and {(kept == 1 ? "is" : "are")} kept: with no ID column, "
                        + "rows that look alike are separate cases (two customers who gave the same answers), and models learn how often they happen.",
            _ => null,
        };
    }

    private static string Rows(long n) => n == 1 ? "1 row" : $"{n.ToString("N0", Culture)} rows";

    public static string When(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm 'UTC'", Culture);

    public static string MetricName(string? metric) => metric switch
    {
        null or "" => "Score",
        "auc" => "AUC",
        "logLoss" => "Log loss",
        "rmse" => "Typical error (RMSE)",
        "mae" => "Average error (MAE)",
        "accuracy" => "Accuracy",
        "cost" => "Cost of mistakes",
        "prAuc" => "PR-AUC",
        "f1" => "F1",
        "precision" => "Precision",
        "recall" => "Recall",
        "macroF1" => "Macro F1",
        "r2" => "R²",
        "mape" => "Percentage error (MAPE)",
        _ => metric,
    };

    /// <summary>What a finished run's card says of its goal.</summary>
    public static string GoalOutcome(Augur.Learning.Training.TrainingGoal goal, bool? met)
    {
        ArgumentNullException.ThrowIfNull(goal);
        var words = goal.Describe();
        return met switch
        {
            true => $"Reaches your goal: {words}.",
            false => $"Does not reach your goal ({words}). More time, more rows or more telling columns may help.",
            _ => $"Your goal ({words}) could not be checked: this model does not report that measure.",
        };
    }

    /// <summary>A run's costs of wrong answers, as its card says them after the budget ("" when none were given).</summary>
    public static string Costs(Augur.Learning.Training.BinaryCosts? costs) => costs is null
        ? ""
        : $" · a wrong yes costs {Number(costs.FalsePositive)}, a missed one {Number(costs.FalseNegative)}";

    /// <summary>The short form of a metric: "AUC 0.84", "Typical error (RMSE) 12.3".</summary>
    public static string MetricShort(string? metric, double? value)
    {
        if (metric is null || value is not { } v || !double.IsFinite(v))
        {
            return "—";
        }

        return metric switch
        {
            "auc" => $"AUC {v.ToString("0.00", Culture)}",
            "logLoss" => $"Log loss {v.ToString("0.00", Culture)}",
            "rmse" => $"Typical error (RMSE) {Number(v)}",
            "mae" => $"Average error (MAE) {Number(v)}",
            "accuracy" => $"Accuracy {Percent(v)}",
            "cost" => $"Cost of mistakes {Number(v)} a row",
            "prAuc" or "f1" or "macroF1" or "r2" => $"{MetricName(metric)} {v.ToString("0.00", Culture)}",
            "precision" or "recall" => $"{MetricName(metric)} {Percent(v)}",
            "mape" => $"Percentage error (MAPE) {Percent(v)}",
            _ => $"{metric} {Number(v)}",
        };
    }

    /// <summary>What the main metric means, in one sentence, with the other metrics that help a newcomer.</summary>
    public static string MetricExplanation(string? metric, double? value, string target, string? metricsJson)
    {
        if (metric is null || value is not { } v || !double.IsFinite(v))
        {
            return "";
        }

        var others = ReadMetrics(metricsJson);
        var accuracy = others.TryGetValue("accuracy", out var a) ? $" On rows held back for testing it was right {Percent(a)} of the time." : "";
        return metric switch
        {
            "auc" => $"{AucVerdict(v)}: how often the model scores a real '{target}' case above one that is not. 0.5 is guessing, 1.0 is perfect.{accuracy}",
            "logLoss" => $"How sure and how right the model is on average; lower is better and 0 is perfect.{accuracy}",
            "rmse" => $"Predictions of '{target}' are typically off by about {Number(v)}, in the same units as '{target}'; lower is better.{R2(others)}",
            "prAuc" => $"How well the model finds the yes cases of '{target}' while keeping its yeses right, whatever the cut-off; 1.0 is perfect, and guessing scores the share of yes cases.{Auc(others)}{accuracy}",
            "accuracy" => $"On rows held back for testing it was right {Percent(v)} of the time.{Auc(others)}",
            "f1" => $"At its yes/no cut, the balance between finding the yes rows and being right when it says yes; 1.0 is perfect.{Auc(others)}{accuracy}",
            "precision" => $"When it says yes, it is right {Percent(v)} of the time.{Auc(others)}",
            "recall" => $"It finds {Percent(v)} of the rows that are yes.{Auc(others)}",
            "macroF1" => $"The balance between finding and being right, averaged over every value of '{target}' alike; 1.0 is perfect.{accuracy}",
            "mae" => $"Predictions of '{target}' are off by {Number(v)} on average, in the same units as '{target}'; lower is better.{R2(others)}",
            "r2" => $"It explains {Percent(Math.Max(0, v))} of the variation in '{target}' (R²); 1.0 is perfect, 0 is no better than the average.",
            "mape" => $"Predictions of '{target}' are off by {Percent(v)} of the actual value on average; lower is better.{R2(others)}",
            "cost" => $"Its wrong answers cost {Number(v)} a row on average, at the costs given for a wrong and a missed yes; lower is better.{Auc(others)}{accuracy}",
            _ => "",
        };
    }

    private static string AucVerdict(double auc) => auc switch
    {
        >= 0.97 => "Suspiciously perfect (check that no column gives the answer away)",
        >= 0.9 => "Excellent",
        >= 0.8 => "Very good",
        >= 0.7 => "Good",
        >= 0.6 => "Fair",
        _ => "Weak",
    };

    private static string Auc(Dictionary<string, double> metrics) =>
        metrics.TryGetValue("auc", out var auc) ? $" Its AUC is {auc.ToString("0.00", Culture)} ({AucVerdict(auc).ToLowerInvariant()})." : "";

    private static string R2(Dictionary<string, double> metrics) =>
        metrics.TryGetValue("r2", out var r2) ? $" It explains {Percent(Math.Max(0, r2))} of the variation (R²)." : "";

    public static Dictionary<string, double> ReadMetrics(string? metricsJson)
    {
        if (string.IsNullOrEmpty(metricsJson))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, double>>(metricsJson) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>A cell of the data preview: strings as they are, missing values as an empty cell.</summary>
    public static string Cell(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "Yes" : "No",
        _ => value.ToJsonString(),
    };
}
