using System.Globalization;
using System.Text.RegularExpressions;
using Augur.Data.Schema;

namespace Augur.Learning.Training;

/// <summary>
/// A requirement written in plain English, such as "predict which customers churn, AUC above 0.85, within 5 minutes",
/// read against the data's columns: the column to predict, a goal and a time budget. It is read by rules, not by a
/// language model: each part is a pattern, and what matches none is said back (<see cref="Notes"/>), so a person sees
/// what was understood before anything trains.
/// </summary>
public sealed partial record Requirement(string Target, TrainingGoal? Goal, TimeSpan? Budget, IReadOnlyList<string> Notes)
{
    /// <summary>What was understood, in one sentence: "Understood: predict Churn; good enough when AUC above 0.85; spend 5 min."</summary>
    public string Summary()
    {
        var parts = new List<string> { $"predict {Target}" };
        if (Goal is { } goal)
        {
            parts.Add($"good enough when {goal.Describe()}");
        }

        if (Budget is { } budget)
        {
            parts.Add($"spend {(budget.TotalMinutes >= 1 ? $"{budget.TotalMinutes:0.#} min" : $"{budget.TotalSeconds:0} s")}");
        }

        return string.Create(CultureInfo.InvariantCulture, $"Understood: {string.Join("; ", parts)}.");
    }

    /// <summary>Reads <paramref name="text"/> against <paramref name="schema"/>.</summary>
    /// <param name="target">The column to predict when already known (a flag or a spec); then only the goal and budget are read.</param>
    /// <exception cref="FormatException">No column, or more than one, fits the words; or a goal in it cannot be checked. The message says what to write.</exception>
    public static Requirement Read(string text, TableSchema schema, string? target = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(schema);
        var rest = text;
        var notes = new List<string>();

        TrainingGoal? goal = null;
        if (TrainingGoal.Find(rest) is { } said)
        {
            goal = said.Goal;
            rest = rest.Remove(said.Index, said.Length);
        }

        TimeSpan? budget = null;
        if (BudgetPhrase().Match(rest) is { Success: true } time)
        {
            var amount = double.Parse(time.Groups["amount"].Value, CultureInfo.InvariantCulture);
            budget = char.ToLowerInvariant(time.Groups["unit"].Value[0]) switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                _ => TimeSpan.FromHours(amount),
            };
            rest = rest.Remove(time.Index, time.Length);
        }

        if (WindowPhrase().Match(rest) is { Success: true } window)
        {
            notes.Add($"'{window.Value.Trim()}' is not used: Augur predicts the column as the data has it, so the column itself must say whether it happened within that time.");
            rest = rest.Remove(window.Index, window.Length);
        }

        return new Requirement(target ?? FindTarget(text, rest, schema), goal, budget, notes);
    }

    /// <summary>The one column whose name's words all appear in the requirement (the longest name wins; a tie is refused).</summary>
    private static string FindTarget(string text, string rest, TableSchema schema)
    {
        var said = Words(rest);
        var named = schema.Columns
            .Where(c => c.Role != ColumnRole.Identifier)
            .Select(c => (Column: c.Name, Words: NameWords(c.Name)))
            .Where(c => c.Words.Count > 0)
            .ToList();
        var fits = named
            .Where(c => c.Words.All(w => said.Any(s => Fits(w, s))))
            .GroupBy(c => c.Words.Sum(w => w.Length))
            .OrderByDescending(g => g.Key)
            .FirstOrDefault()?
            .Select(c => c.Column)
            .ToList();
        // Columns with some of their words in the requirement: what the person may have meant.
        var partly = named.Where(c => c.Words.Any(w => said.Any(s => Fits(w, s)))).Select(c => c.Column).ToList();
        return fits switch
        {
            null or [] when partly.Count > 0 => throw new FormatException(
                $"'{text}' names no column whole. Did you mean {string.Join(" or ", partly)}? Name it as it is written."),
            null or [] => throw new FormatException(
                $"'{text}' names none of the columns, so Augur cannot tell which one to predict. Name it as it is written, e.g. 'predict {named.LastOrDefault().Column}', or choose it as the column to predict. The columns are: {string.Join(", ", schema.Columns.Select(c => c.Name))}."),
            [var one] => one,
            _ => throw new FormatException($"'{text}' fits several columns equally: {string.Join(", ", fits)}. Name the one to predict as it is written."),
        };
    }

    /// <summary>A column word fits a word of the sentence when they are the same, or one is the other plus an ending ("churn", "churned").</summary>
    private static bool Fits(string column, string said) =>
        column == said || (column.Length >= 4 && said.StartsWith(column, StringComparison.Ordinal)) || (said.Length >= 4 && column.StartsWith(said, StringComparison.Ordinal));

    private static List<string> Words(string text) => [.. WordPattern().Matches(text).Select(m => m.Value.ToLowerInvariant())];

    /// <summary>The words of a column name: "MonthlyCharges", "monthly_charges" and "monthly charges" all give monthly, charges.</summary>
    private static List<string> NameWords(string name) => Words(CamelBoundary().Replace(name, " "));

    [GeneratedRegex(@"\b(?:in|within|for|taking|budget(?: of)?)\s+(?<amount>\d+(?:\.\d+)?)\s*(?<unit>seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h)\b", RegexOptions.IgnoreCase)]
    private static partial Regex BudgetPhrase();

    [GeneratedRegex(@"\b(?:(?:(?:in|within|over|during)\s+the\s+)?(?:next|coming|following|last|past)|in|within)\s+\d+\s+(?:days?|weeks?|months?|years?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex WindowPhrase();

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"(?<=[\p{Ll}\p{N}])(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})")]
    private static partial Regex CamelBoundary();
}
