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
            ?? throw new FormatException($"'{text}': '{match.Groups["metric"].Value.Trim()}' is not a measure Augur reports. The measures are: {string.Join(", ", Known)}.");
        var number = match.Groups["value"].Value;
        var value = double.Parse(number.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture) / (number.EndsWith('%') ? 100 : 1);
        var comparison = match.Groups["comparison"].Value;
        if (comparison.StartsWith('>') != Evaluator.IsMaximised(metric))
        {
            var better = Evaluator.IsMaximised(metric) ? "higher" : "lower";
            var sign = Evaluator.IsMaximised(metric) ? ">" : "<";
            throw new FormatException($"'{text}' asks for a worse model: a {better} {metric} is better, so write e.g. '{metric} {sign} {number}'.");
        }

        return new TrainingGoal(metric, comparison, value);
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

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Metric} {Comparison} {Value:G6}");

    /// <summary>The goal checked against the made model's measures: a sentence, and whether it is met (null when the model does not report the metric).</summary>
    public (string Sentence, bool? Met) Check(IReadOnlyDictionary<string, double> measured)
    {
        ArgumentNullException.ThrowIfNull(measured);
        if (!measured.TryGetValue(Metric, out var value) || !double.IsFinite(value))
        {
            return ($"Goal not checked: this model reports no {Metric}.", null);
        }

        var met = IsMetBy(value);
        var sentence = string.Create(CultureInfo.InvariantCulture, $"Goal {(met ? "met" : "not met")}: {Metric} {value:0.####} on the rows held back for checking (asked for {this}).");
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

    [GeneratedRegex(@"^\s*(?<metric>[A-Za-z][A-Za-z0-9 _\-²]*?)\s*(?<comparison>>=|<=|>|<)\s*(?<value>[0-9]+(\.[0-9]+)?%?)\s*$")]
    private static partial Regex GoalPattern();
}
