using System.Globalization;
using Augur.Commands;
using Augur.Learning.Features;
using Augur.Learning.Training;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Augur.Specs;

/// <summary>
/// A training spec: what `augur train` is asked to do, written in a YAML file that can be kept beside the data, reviewed
/// and run again (`augur train --spec churn.yaml --out DIR`). Its settings have the names a run has in the API; a flag
/// given on the command line wins over the same setting in the spec. A path in it is relative to the spec's folder.
/// </summary>
/// <remarks>
/// The file is read with YamlDotNet's representation model rather than deserialised into this record, so that every
/// mistake (an unknown setting, a word where a number goes) is reported with its line and in words, not as a type error.
/// </remarks>
public sealed record TrainingSpec
{
    /// <summary>Every setting a spec may hold, in the order the docs list them.</summary>
    public static readonly IReadOnlyList<string> Settings =
        ["data", "ask", "target", "goal", "task", "metric", "budget", "maxTrials", "earlyStopping", "seed", "folds", "timeColumn", "ignore", "features", "costs"];

    public string? Data { get; init; }

    /// <summary>The requirement in plain English (<see cref="Requirement"/>), read against the data's columns for what the spec leaves out.</summary>
    public string? Ask { get; init; }

    public string? Target { get; init; }

    /// <summary>What the model should reach, e.g. "auc > 0.85" (<see cref="TrainingGoal"/>).</summary>
    public TrainingGoal? Goal { get; init; }

    public TaskKind? Task { get; init; }

    public string? Metric { get; init; }

    public TimeSpan? Budget { get; init; }

    public int? MaxTrials { get; init; }

    public int? EarlyStopping { get; init; }

    public int? Seed { get; init; }

    public int? Folds { get; init; }

    public string? TimeColumn { get; init; }

    public IReadOnlyList<string> Ignore { get; init; } = [];

    public IReadOnlyList<CustomFeature> Features { get; init; } = [];

    public double? FalsePositiveCost { get; init; }

    public double? FalseNegativeCost { get; init; }

    /// <exception cref="UsageException">The file is not YAML, or a setting is unknown or has a value it cannot take; the message names the file and line.</exception>
    /// <exception cref="FileNotFoundException">There is no such file (the CLI says so as for any missing file).</exception>
    public static TrainingSpec Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = Path.GetFileName(path);
        var yaml = new YamlStream();
        try
        {
            using var reader = File.OpenText(path);
            yaml.Load(reader);
        }
        catch (YamlException ex)
        {
            throw new UsageException($"{name}, line {ex.Start.Line}: this file cannot be read as YAML ({(ex.InnerException ?? ex).Message.TrimEnd('.')}).");
        }

        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new UsageException($"{name}: a spec is a list of settings, one per line, such as 'target: Churn'.");
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var spec = new TrainingSpec();
        foreach (var (keyNode, value) in root.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            var at = new Place(name, key, value);
            spec = key switch
            {
                "data" => spec with { Data = Path.GetFullPath(Path.Combine(folder, at.Text())) },
                "ask" => spec with { Ask = at.Text() },
                "target" => spec with { Target = at.Text() },
                "goal" => spec with { Goal = at.Goal() },
                "task" => spec with { Task = at.Task() },
                "metric" => spec with { Metric = at.Text() },
                "budget" => spec with { Budget = at.Duration() },
                "maxTrials" => spec with { MaxTrials = at.Count() },
                "earlyStopping" => spec with { EarlyStopping = at.Count() },
                "seed" => spec with { Seed = at.Integer() },
                "folds" => spec with { Folds = at.Count() },
                "timeColumn" => spec with { TimeColumn = at.Text() },
                "ignore" => spec with { Ignore = at.Columns() },
                "features" => spec with { Features = at.Features() },
                "costs" => at.Costs(spec),
                _ => throw new UsageException(
                    $"{name}, line {keyNode.Start.Line}: '{key}' is not a setting of a training spec. The settings are: {string.Join(", ", Settings)}."),
            };
        }

        return spec;
    }

    /// <summary>One setting's value, and how to say where it is when it is wrong.</summary>
    private sealed record Place(string File, string Key, YamlNode Value)
    {
        public string Text() =>
            Value is YamlScalarNode { Value: { Length: > 0 } text } ? text.Trim() : throw Wrong($"needs one value, e.g. '{Key}: {Example}'");

        public TaskKind Task() =>
            Enum.TryParse<TaskKind>(Text(), ignoreCase: true, out var task) && Enum.IsDefined(task)
                ? task
                : throw Wrong($"should be binary, multiclass or regression, not '{Text()}'");

        public TrainingGoal Goal()
        {
            try
            {
                return TrainingGoal.Parse(Text());
            }
            catch (FormatException ex)
            {
                throw Wrong($"is not one Augur can check: {ex.Message}");
            }
        }

        public TimeSpan Duration()
        {
            try
            {
                return Durations.Parse(Text());
            }
            catch (UsageException)
            {
                throw Wrong($"should be a time such as 90s, 5m or 1h, not '{Text()}'");
            }
        }

        public int Integer() =>
            int.TryParse(Text(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : throw Wrong($"should be a whole number, not '{Text()}'");

        public int Count()
        {
            var number = Integer();
            return number >= 1 ? number : throw Wrong($"should be 1 or more, not {number}");
        }

        public IReadOnlyList<string> Columns() => Value switch
        {
            YamlSequenceNode list => [.. list.Children.Select(c => (this with { Value = c }).Text())],
            _ => [Text()],
        };

        public IReadOnlyList<CustomFeature> Features() => Value is YamlMappingNode formulas
            ? [.. formulas.Children.Select(f => new CustomFeature((this with { Value = f.Key }).Text(), (this with { Value = f.Value }).Text()))]
            : throw Wrong("should list one new column per line, 'name: formula', e.g. 'per_month: TotalCharges / tenure'");

        public TrainingSpec Costs(TrainingSpec spec)
        {
            if (Value is not YamlMappingNode costs)
            {
                throw Wrong("should give what a wrong answer costs, e.g. 'falseNegative: 5' on the next line, indented");
            }

            foreach (var (key, value) in costs.Children)
            {
                var cost = this with { Key = (key as YamlScalarNode)?.Value ?? "", Value = value };
                spec = cost.Key switch
                {
                    "falsePositive" => spec with { FalsePositiveCost = cost.Number() },
                    "falseNegative" => spec with { FalseNegativeCost = cost.Number() },
                    _ => throw cost.Wrong("is not a cost: the costs are falsePositive (a wrong 'yes') and falseNegative (a missed 'yes')"),
                };
            }

            return spec;
        }

        private double Number() =>
            double.TryParse(Text(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
                ? number
                : throw Wrong($"should be a number, not '{Text()}'");

        private string Example => Key switch
        {
            "data" => "customers.csv",
            "target" => "Churn",
            "metric" => "auc",
            "goal" => "auc > 0.85",
            "ask" => "predict which customers churn, AUC above 0.85",
            "timeColumn" => "signup_date",
            _ => "…",
        };

        private UsageException Wrong(string what) => new($"{File}, line {Value.Start.Line}: '{Key}' {what}.");
    }
}
