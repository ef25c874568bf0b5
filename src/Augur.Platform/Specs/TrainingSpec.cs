using System.Globalization;
using Augur.Learning.Features;
using Augur.Learning.Training;
using Augur.Platform.Training;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Augur.Platform.Specs;

/// <summary>
/// A training spec: what a training run is asked to do, written in YAML that can be kept beside the data, reviewed and
/// run again, by `augur train --spec churn.yaml --out DIR` or by POSTing it to a project's runs. Its settings have the
/// names a run has in the API. <see cref="Data"/> is the data as the reader of the spec finds it: a file beside the spec
/// for the CLI, a dataset of the project for the API.
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

    /// <summary>The data to train on, as written: a path (the CLI) or a dataset's name or id (the API).</summary>
    public string? Data { get; init; }

    /// <summary>The line each setting is on, to name it when its value is refused later (an unknown column, say).</summary>
    public IReadOnlyDictionary<string, int> Lines { get; init; } = new Dictionary<string, int>();

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

    /// <summary>Reads a spec.</summary>
    /// <param name="yaml">The spec's text.</param>
    /// <param name="name">What to call the spec in messages: its file's name, or "spec" for one that came in a request.</param>
    /// <exception cref="SpecException">The text is not YAML, or a setting is unknown or has a value it cannot take; the message names the spec and line.</exception>
    public static TrainingSpec Parse(string yaml, string name)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(name);
        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(yaml);
            stream.Load(reader);
        }
        catch (YamlException ex)
        {
            throw new SpecException($"{name}, line {ex.Start.Line}: this cannot be read as YAML ({(ex.InnerException ?? ex).Message.TrimEnd('.')}).");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new SpecException($"{name}: a spec is a list of settings, one per line, such as 'target: Churn'.");
        }

        var spec = new TrainingSpec { Lines = root.Children.ToDictionary(c => (c.Key as YamlScalarNode)?.Value ?? "", c => (int)c.Key.Start.Line, StringComparer.Ordinal) };
        foreach (var (keyNode, value) in root.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            var at = new Place(name, key, value);
            spec = key switch
            {
                "data" => spec with { Data = at.Text() },
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
                _ => throw new SpecException(
                    $"{name}, line {keyNode.Start.Line}: '{key}' is not a setting of a training spec. The settings are: {string.Join(", ", Settings)}."),
            };
        }

        return spec;
    }

    /// <summary>The run this spec asks for, on <paramref name="datasetId"/> (the dataset <see cref="Data"/> names).</summary>
    public StartTrainingRequest ToRequest(Guid datasetId) => new(datasetId, Target ?? "", Budget, Seed)
    {
        Ask = Ask,
        Goal = Goal?.ToString(),
        Task = Task,
        Metric = Metric,
        MaxTrials = MaxTrials,
        EarlyStopping = EarlyStopping,
        Folds = Folds,
        TimeColumn = TimeColumn,
        Ignore = Ignore.Count > 0 ? Ignore : null,
        Features = Features.Count > 0 ? Features.ToDictionary(f => f.Name, f => f.Expression, StringComparer.Ordinal) : null,
        Costs = BinaryCosts.From(FalsePositiveCost, FalseNegativeCost),
    };

    /// <summary>
    /// The spec of a run that was started, as YAML that queues the same run again (POST it, or save it beside the data
    /// for `augur train --spec`). What the run chose by itself is left out, so that it is chosen again.
    /// </summary>
    /// <param name="data">The run's data, for 'data': the file its dataset came from.</param>
    public static string Write(TrainingRun run, string data)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(data);
        var root = new YamlMappingNode();
        void Add(string key, YamlNode value) => root.Add(key, value);
        Add("data", data);
        Add("target", run.Target);
        if (run.Goal is { } goal)
        {
            Add("goal", goal);
        }

        if (run.RequestedTask is { } task)
        {
            Add("task", task.ToString().ToLowerInvariant());
        }

        // A goal ranks by its own measure; the metric is written only when it is another.
        if (run.RequestedMetric is { } metric && metric != run.ParsedGoal()?.RankingMetric)
        {
            Add("metric", metric);
        }

        Add("budget", DurationText.Format(run.Budget));
        AddNumber(root, "maxTrials", run.MaxTrials);
        AddNumber(root, "earlyStopping", run.EarlyStopping);
        AddNumber(root, "seed", run.Seed);
        AddNumber(root, "folds", run.Folds);
        if (run.TimeColumn is { } time)
        {
            Add("timeColumn", time);
        }

        if (run.IgnoredColumns() is { Count: > 0 } ignored)
        {
            Add("ignore", new YamlSequenceNode(ignored.Select(c => new YamlScalarNode(c))) { Style = YamlDotNet.Core.Events.SequenceStyle.Flow });
        }

        if (run.CustomFeatures() is { Count: > 0 } features)
        {
            Add("features", new YamlMappingNode(features.Select(f => new KeyValuePair<YamlNode, YamlNode>(f.Name, f.Expression))));
        }

        if (run.Costs() is { } costs)
        {
            Add("costs", new YamlMappingNode
            {
                { "falsePositive", costs.FalsePositive.ToString(CultureInfo.InvariantCulture) },
                { "falseNegative", costs.FalseNegative.ToString(CultureInfo.InvariantCulture) },
            });
        }

        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        // YamlDotNet ends a document with "...", which a person reading or copying the spec does not need.
        return writer.ToString().Replace("\n...\n", "\n", StringComparison.Ordinal).TrimEnd() + "\n";
    }

    private static void AddNumber(YamlMappingNode root, string key, int? value)
    {
        if (value is { } number)
        {
            root.Add(key, number.ToString(CultureInfo.InvariantCulture));
        }
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
                return DurationText.Parse(Text());
            }
            catch (FormatException)
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

        private SpecException Wrong(string what) => new($"{File}, line {Value.Start.Line}: '{Key}' {what}.");
    }
}
