using System.Globalization;
using System.Text.RegularExpressions;
using Augur.Learning.Trainers;

namespace Augur.Learning.Training;

/// <summary>
/// What a person wants of the model, such as "auc > 0.85" or "rmse < 40000": a metric, which side of a value it must
/// be on, and the value. A run with a goal ranks its trials by the goal's metric (unless told another), and says at the
/// end whether the model it made meets the goal on the rows held back for checking.
/// </summary>
public sealed partial record TrainingGoal(string Metric, string Comparison, double Value)
{
    /// <summary>Every metric a goal may name, as the reports spell them.</summary>
    private static readonly IReadOnlyList<string> Known =
        [.. Enum.GetValues<TaskKind>().SelectMany(Evaluator.MetricsOf).Append("cost").Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// Reads "metric &gt; value" (also &gt;=, &lt;, &lt;=, or the words "above", "at least", "below", "at most"; the metric in
    /// any case, "PR-AUC", "log loss"; a value may end in %).
    /// </summary>
    /// <exception cref="FormatException">The text is not a goal, names no known metric, or asks for a worse model; the message says which.</exception>
    public static TrainingGoal Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = GoalPattern().Match(InWords().Replace(text, w => Comparisons[w.Value.Trim().ToLowerInvariant()]));
        if (!match.Success)
        {
            throw new FormatException($"'{text}' is not a goal: write a measure, a comparison and a number, e.g. 'auc > 0.85' or 'rmse < 40000'.");
        }

        var name = Simplify(match.Groups["metric"].Value);
        var metric = Known.FirstOrDefault(m => Simplify(m) == name)
            ?? throw new FormatException($"'{text}': '{match.Groups["metric"].Value.Trim()}' is not a measure Augur reports. The measures are: {string.Join(", ", Known.Select(MeasureName))}.");
        var number = match.Groups["value"].Value;
        var value = double.Parse(number.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture) / (number.EndsWith('%') ? 100 : 1);
        var comparison = match.Groups["comparison"].Value;
        if (comparison.StartsWith('>') != Evaluator.IsMaximised(metric))
        {
            var better = Evaluator.IsMaximised(metric) ? "higher" : "lower";
            var side = Evaluator.IsMaximised(metric) ? "above" : "below";
            throw new FormatException($"'{text}' asks for a worse model: a {better} {MeasureName(metric)} is better, so write e.g. '{MeasureName(metric)} {side} {number}'.");
        }

        return new TrainingGoal(metric, comparison, value);
    }

    /// <summary>
    /// The first goal written in a sentence ("predict churn, AUC above 0.85, within 5 minutes"): the goal, and where its
    /// words are so that the rest of the sentence can be read without them. Null when the sentence names none.
    /// </summary>
    /// <exception cref="FormatException">The words look like a goal that cannot be checked (e.g. asks for a worse model).</exception>
    public static (TrainingGoal Goal, int Index, int Length)? Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (Match said in GoalPhrase().Matches(text))
        {
            try
            {
                return (Parse(said.Value), said.Index, said.Length);
            }
            catch (FormatException) when (said.Value.TrimStart().StartsWith("cost", StringComparison.OrdinalIgnoreCase))
            {
                // "predict cost over 12 months" names a column called cost, not a goal on the cost of mistakes.
            }
        }

        return null;
    }

    /// <summary>
    /// A metric's short plain name, as goals are written and said back: "AUC", "log loss", "RMSE", "R²". Each reads back
    /// as the same metric in <see cref="Parse"/>.
    /// </summary>
    public static string MeasureName(string metric) => metric switch
    {
        "auc" or "rmse" or "mae" or "mape" or "f1" => metric.ToUpperInvariant(),
        "prAuc" => "PR-AUC",
        "logLoss" => "log loss",
        "macroF1" => "macro F1",
        "r2" => "R²",
        _ => metric,
    };

    /// <summary>The goal in words that read back as the same goal: "AUC above 0.85", "RMSE below 40000", "accuracy at least 0.9".</summary>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"{MeasureName(Metric)} {Comparison switch { ">" => "above", ">=" => "at least", "<" => "below", _ => "at most" }} {Value:0.##########}");

    /// <summary>
    /// What is wrong with this goal for a target that trains as one of <paramref name="tasks"/> (the task chosen, or those
    /// its column's type allows): a measure its models do not report. Null when nothing is.
    /// </summary>
    /// <param name="column">How to name the target when it is not a yes/no column.</param>
    public string? ProblemFor(IReadOnlyCollection<TaskKind> tasks, string column)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        if (RankingMetric is not { } metric || tasks.Any(t => Evaluator.MetricsOf(t).Contains(metric, StringComparer.Ordinal)))
        {
            return null;
        }

        var reported = tasks.SelectMany(Evaluator.MetricsOf).Distinct(StringComparer.Ordinal).Select(MeasureName);
        var kind = tasks.Count == 1 && tasks.Single() == TaskKind.Binary ? "a yes/no column" : $"the column '{column}'";
        return $"{MeasureName(metric)} is not measured for {kind}. Use one of: {string.Join(", ", reported)}.";
    }

    /// <summary>
    /// The metric to rank by for this goal: its own, except the cost of mistakes, which a run with costs ranks by anyway
    /// and which is no metric a run can be told without them.
    /// </summary>
    public string? RankingMetric => Metric == "cost" ? null : Metric;

    /// <summary>What is wrong with this goal for a run with or without costs of mistakes; null when nothing is.</summary>
    public string? ProblemWith(BinaryCosts? costs) => Metric == "cost" && costs is null
        ? $"'{this}' is about the cost of mistakes, so it needs the costs: what a wrong and a missed \"yes\" cost."
        : null;

    /// <summary>Whether <paramref name="value"/> of the goal's metric meets it.</summary>
    public bool IsMetBy(double value) => Comparison switch
    {
        ">" => value > Value,
        ">=" => value >= Value,
        "<" => value < Value,
        _ => value <= Value,
    };

    /// <summary>The goal as the API and specs store it: "auc > 0.85" (<see cref="Describe"/> says it in words).</summary>
    // Plain digits, never "2E+06": the text must read back through GoalPattern.
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Metric} {Comparison} {Value:0.##########}");

    /// <summary>The goal checked against the made model's measures: a sentence, and whether it is met (null when the model does not report the metric).</summary>
    public (string Sentence, bool? Met) Check(IReadOnlyDictionary<string, double> measured)
    {
        ArgumentNullException.ThrowIfNull(measured);
        if (!measured.TryGetValue(Metric, out var value) || !double.IsFinite(value))
        {
            return ($"Goal not checked: this model reports no {MeasureName(Metric)}.", null);
        }

        var met = IsMetBy(value);
        var sentence = string.Create(CultureInfo.InvariantCulture, $"Goal {(met ? "met" : "not met")}: {MeasureName(Metric)} {value:0.####} on the rows held back for checking (asked for {Describe()}).");
        return (met ? sentence : sentence + " More time, more rows or more telling columns may help.", met);
    }

    /// <summary>The words people write for a comparison, and its sign.</summary>
    private static readonly Dictionary<string, string> Comparisons = new(StringComparer.Ordinal)
    {
        ["above"] = " > ", ["over"] = " > ", ["more than"] = " > ", ["greater than"] = " > ", ["at least"] = " >= ",
        ["below"] = " < ", ["under"] = " < ", ["less than"] = " < ", ["at most"] = " <= ",
    };

    [GeneratedRegex(@"\s(above|over|more than|greater than|at least|below|under|less than|at most)\s", RegexOptions.IgnoreCase)]
    private static partial Regex InWords();

    private static string Simplify(string name) => new([.. name.Replace('²', '2').Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)]);

    // Every metric of Known, by its code and plain names (TrainingGoalTests checks that none is missing), then a comparison
    // in signs or words (the keys of Comparisons) and a number.
    [GeneratedRegex(@"(?<![\p{L}\p{N}])(?:pr[- ]?auc|auc|accuracy|macro[- _]?f1|f1|log[- ]?loss|rmse|mae|mape|r2|r²|precision|recall|cost)\s*(?:>=|<=|>|<|at least|at most|above|over|below|under|more than|less than|greater than)\s*\d+(?:\.\d+)?\s*%?", RegexOptions.IgnoreCase)]
    private static partial Regex GoalPhrase();

    [GeneratedRegex(@"^\s*(?<metric>[A-Za-z][A-Za-z0-9 _\-²]*?)\s*(?<comparison>>=|<=|>|<)\s*(?<value>[0-9]+(\.[0-9]+)?%?)\s*$")]
    private static partial Regex GoalPattern();
}
