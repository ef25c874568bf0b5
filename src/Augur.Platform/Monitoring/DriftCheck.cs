using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Augur.Data.Profiling;
using Augur.Data.Schema;

namespace Augur.Platform.Monitoring;

/// <summary>
/// Compares what a model is asked about now with the data it learned from, one column at a time, by the population
/// stability index (PSI): the sum over buckets of (recent share − training share) × ln(recent share / training share).
/// The training side is the dataset's profile (<see cref="ColumnProfile"/>), so no training rows are read again.
/// </summary>
/// <remarks>
/// Numbers are cut into up to <see cref="NumberBuckets"/> buckets of about equal training mass, merged from the
/// profile's equal-width histogram; categories are the profile's most frequent values plus "other"; missing values are
/// a bucket of their own. Dates are left out (they move forward by nature), and so are text and identifiers. Shares are
/// smoothed by half a row per bucket, so a bucket that one side never fills gives a large but finite term. By chance
/// alone the index is about (buckets − 1) / rows, which is why a verdict needs <see cref="MonitoringOptions.MinPredictions"/>.
/// The 0.1 and 0.25 bounds are the usual ones for PSI in credit scoring.
/// </remarks>
public static class DriftCheck
{
    /// <summary>From this index on, a column is shifting.</summary>
    public const double ShiftingFrom = 0.1;

    /// <summary>From this index on, a column has changed a lot.</summary>
    public const double ChangedFrom = 0.25;

    public const int NumberBuckets = 10;

    /// <summary>The drift of one column, or null for a column that is not compared (a date, text, an identifier, or no profile).</summary>
    /// <param name="reference">The column's profile in the training data.</param>
    /// <param name="rows">The rows of the training data (the profile's table).</param>
    /// <param name="values">The column's value in each recent prediction's input (null or absent: missing).</param>
    /// <param name="importance">How much the model relies on the column (its permutation importance), to order the columns.</param>
    /// <param name="answers">Whether the values are the model's answers rather than a column of its inputs (only the sentence differs).</param>
    public static ColumnDrift? Column(ColumnProfile reference, long rows, IReadOnlyList<JsonNode?> values, double importance, bool answers = false)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(values);
        var buckets = reference.Type switch
        {
            ColumnType.Integer or ColumnType.Number when reference.Histogram is { } histogram => NumberBucketsOf(histogram, reference.Missing),
            ColumnType.Categorical or ColumnType.Boolean => CategoryBuckets(reference, rows),
            _ => null,
        };
        if (buckets is null)
        {
            return null;
        }

        var recent = new long[buckets.Count];
        foreach (var value in values)
        {
            recent[buckets.Place(value)]++;
        }

        var used = Enumerable.Range(0, buckets.Count).Where(i => buckets[i].Count > 0 || recent[i] > 0).ToList();
        var index = used.Sum(i =>
        {
            var (then, now) = (Smoothed(buckets[i].Count, buckets.Total, buckets.Count), Smoothed(recent[i], values.Count, buckets.Count));
            return (now - then) * Math.Log(now / then);
        });
        // People read the plain shares; only the index needs the smoothed ones.
        var shares = used.Select(i => new DriftBucket(buckets[i].Label, Plain(buckets[i].Count, buckets.Total), Plain(recent[i], values.Count))).ToList();
        var level = index >= ChangedFrom ? DriftLevel.Changed : index >= ShiftingFrom ? DriftLevel.Shifting : DriftLevel.Stable;
        return new ColumnDrift(reference.Name, Math.Round(index, 4), level, importance, Describe(level, shares, answers), shares);
    }

    /// <summary>What <see cref="Answers"/> names the model's answers in a report.</summary>
    public const string AnswersName = "Its answers";

    /// <summary>
    /// The model's recent answers against those it gave on its training data: the share of each answer ("Yes" for 46 %
    /// of recent predictions, 26 % on the training data), or the spread of a predicted amount. A model whose inputs
    /// each moved a little can still answer very differently; this is what its users notice first. Null without
    /// training answers to compare with.
    /// </summary>
    /// <param name="training">What the model answered on (the first rows of) its training data.</param>
    /// <param name="recent">What it answered lately.</param>
    /// <param name="amounts">Whether the answers are amounts (a regression) rather than labels.</param>
    public static ColumnDrift? Answers(IReadOnlyList<JsonNode?> training, IReadOnlyList<JsonNode?> recent, bool amounts)
    {
        ArgumentNullException.ThrowIfNull(training);
        var missing = training.Count(a => amounts ? ReadNumber(a) is null : ReadText(a) is null);
        ColumnProfile profile;
        if (amounts)
        {
            var numbers = training.Select(ReadNumber).OfType<double>().ToList();
            if (numbers.Count == 0)
            {
                return null;
            }

            var (min, max) = (numbers.Min(), numbers.Max());
            var counts = new long[20];
            foreach (var number in numbers)
            {
                counts[max > min ? Math.Min((int)((number - min) / (max - min) * counts.Length), counts.Length - 1) : 0]++;
            }

            profile = new ColumnProfile(AnswersName, ColumnType.Number, missing, 0, numbers.Count, false, min, max, null, null, [], new Histogram(min, max, counts));
        }
        else
        {
            var top = training.Select(ReadText).OfType<string>().GroupBy(a => a, StringComparer.Ordinal)
                .Select(g => new ValueCount(g.Key, g.LongCount())).OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal).Take(10).ToList();
            if (top.Count == 0)
            {
                return null;
            }

            profile = new ColumnProfile(AnswersName, ColumnType.Categorical, missing, 0, top.Count, false, null, null, null, null, top, null);
        }

        return Column(profile, training.Count, recent, importance: 0, answers: true);
    }

    /// <summary>The share of a bucket, smoothed by half a row per bucket.</summary>
    private static double Smoothed(long count, long total, int buckets) => (count + 0.5) / (total + (0.5 * buckets));

    private static double Plain(long count, long total) => total == 0 ? 0 : (double)count / total;

    private static string Describe(DriftLevel level, IReadOnlyList<DriftBucket> shares, bool answers)
    {
        if (level == DriftLevel.Stable)
        {
            return answers ? "It answers much as it did on its training data." : "Much as in the training data.";
        }

        var grown = shares.MaxBy(b => b.Recent - b.Training)!;
        var what = grown.Label == MissingLabel ? "More missing values" : $"More {grown.Label}";
        return answers
            ? string.Create(CultureInfo.InvariantCulture, $"{what}: {grown.Recent:0%} of its recent answers, {grown.Training:0%} of those on its training data.")
            : string.Create(CultureInfo.InvariantCulture, $"{what}: {grown.Recent:0%} of recent predictions, {grown.Training:0%} of the training data.");
    }

    internal const string MissingLabel = "missing";

    private const string OtherLabel = "other values";

    /// <summary>Merges the profile's equal-width bins into buckets of about equal training mass.</summary>
    private static Buckets NumberBucketsOf(Histogram histogram, long missing)
    {
        // A column that held one number in training: that number, or any other.
        if (histogram.Max <= histogram.Min)
        {
            List<Bucket> two = [new($"the value {Number(histogram.Min)}", histogram.Counts.Sum()), new(OtherLabel, 0), new(MissingLabel, missing)];
            return new Buckets(two, value => ReadNumber(value) is { } number ? (number == histogram.Min ? 0 : 1) : 2);
        }

        var width = (histogram.Max - histogram.Min) / Math.Max(histogram.Counts.Count, 1);
        var total = histogram.Counts.Sum();
        var edges = new List<double>();
        var counts = new List<long>();
        long running = 0;
        for (var bin = 0; bin < histogram.Counts.Count; bin++)
        {
            running += histogram.Counts[bin];
            // Close a bucket once it holds its tenth of the rows (the last bin closes the last bucket).
            if (bin == histogram.Counts.Count - 1 || (running >= total / (double)NumberBuckets && running > 0))
            {
                edges.Add(histogram.Min + (width * (bin + 1)));
                counts.Add(running);
                running = 0;
            }
        }

        // A bucket closed on the last bin with nothing in it (a long empty tail) is no bucket:
        // its values count in the one before, which then runs to the end.
        if (counts.Count > 1 && counts[^1] == 0)
        {
            counts.RemoveAt(counts.Count - 1);
            edges.RemoveAt(edges.Count - 1);
        }

        var labels = edges.Select((upper, i) => i == 0 ? $"values below {Number(upper)}"
            : i == edges.Count - 1 ? $"values of {Number(edges[i - 1])} or more"
            : $"values from {Number(edges[i - 1])} to {Number(upper)}").ToList();
        if (edges.Count == 1)
        {
            labels[0] = "values";
        }

        return new Buckets([.. labels.Zip(counts, (label, count) => new Bucket(label, count)), new Bucket(MissingLabel, missing)], value =>
        {
            if (ReadNumber(value) is not { } number)
            {
                return edges.Count;
            }

            // Values beyond the training range go to the end buckets.
            var at = edges.FindIndex(upper => number < upper);
            return at < 0 ? edges.Count - 1 : at;
        });
    }

    private static Buckets CategoryBuckets(ColumnProfile reference, long rows)
    {
        var top = reference.Top.ToList();
        var yesNo = reference.Type == ColumnType.Boolean;
        var others = Math.Max(0, rows - reference.Missing - top.Sum(t => t.Count));
        List<Bucket> buckets = [.. top.Select(t => new Bucket($"'{t.Value}'", t.Count)), new Bucket(OtherLabel, others), new Bucket(MissingLabel, reference.Missing)];
        return new Buckets(buckets, value =>
        {
            if (ReadText(value) is not { } text)
            {
                return buckets.Count - 1;
            }

            // A yes/no column matches on what the words mean: "Yes", "yes", true and 1 are one answer, as the model reads them.
            var at = top.FindIndex(t => yesNo ? SameAnswer(t.Value, text) : t.Value == text);
            return at < 0 ? top.Count : at;
        });
    }

    private static bool SameAnswer(string trained, string recent) =>
        Augur.Data.Inference.BooleanParser.TryParse(trained, out var then, out _) && Augur.Data.Inference.BooleanParser.TryParse(recent, out var now, out _)
            ? then == now
            : string.Equals(trained, recent, StringComparison.OrdinalIgnoreCase);

    private static double? ReadNumber(JsonNode? value) => value switch
    {
        // A value built in memory holds its own CLR type (a long, say), which GetValue<double> does not convert; its JSON text always reads.
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.TryGetValue<double>(out var number) ? number : double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture),
        JsonValue v when v.GetValueKind() == JsonValueKind.String
            && double.TryParse(v.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    private static string? ReadText(JsonNode? value) => value switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>().Trim() is { Length: > 0 } text ? text : null,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>() ? "true" : "false",
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        _ => null,
    };

    private static string Number(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    private sealed record Bucket(string Label, long Count);

    /// <summary>The buckets, their training counts, and where a recent value falls.</summary>
    private sealed class Buckets(IReadOnlyList<Bucket> buckets, Func<JsonNode?, int> place) : List<Bucket>(buckets)
    {
        public long Total { get; } = buckets.Sum(b => b.Count);

        public int Place(JsonNode? value) => place(value);
    }
}
