using System.Text.Json.Nodes;
using Augur.Data.Profiling;
using Augur.Data.Schema;
using Augur.Platform.Monitoring;

namespace Augur.Platform.Tests.Monitoring;

/// <summary>The population stability index of recent inputs against a training profile, and what it says in words.</summary>
public sealed class DriftCheckTests
{
    // 1,000 training rows spread evenly from 0 to 100: ten buckets of a tenth each (two histogram bins apiece).
    private static readonly ColumnProfile Spend = new("spend", ColumnType.Number, 0, 0, 1000, false, 0.0, 100.0, 50, 29, [],
        new Histogram(0, 100, [.. Enumerable.Repeat(50L, 20)]));

    private static readonly ColumnProfile Plan = new("plan", ColumnType.Categorical, 0, 0, 3, false, null, null, null, null,
        [new ValueCount("basic", 600), new ValueCount("plus", 300), new ValueCount("pro", 100)], null);

    [Fact]
    public void Values_spread_as_in_training_are_stable()
    {
        var drift = DriftCheck.Column(Spend, 1000, Numbers(Enumerable.Range(0, 500).Select(i => i * 0.2)), importance: 0.1)!;
        // Whole numbers built in memory (as a file read by type gives them) count the same.
        var whole = DriftCheck.Column(Spend, 1000, [.. Enumerable.Range(0, 500).Select(i => (JsonNode?)JsonValue.Create((long)(i / 5)))], importance: 0.1)!;

        Assert.Equal(DriftLevel.Stable, drift.Level);
        Assert.Equal(DriftLevel.Stable, whole.Level);
        Assert.True(drift.Index < 0.01, $"{drift.Index}");
        Assert.Equal("Much as in the training data.", drift.Sentence);
        Assert.Equal(10, drift.Buckets.Count);
        Assert.Equal("values below 10", drift.Buckets[0].Label);
        Assert.Equal("values from 10 to 20", drift.Buckets[1].Label);
        Assert.Equal("values of 90 or more", drift.Buckets[^1].Label);
    }

    [Fact]
    public void Values_beyond_the_training_range_count_in_its_end_bucket_and_are_said_in_words()
    {
        var drift = DriftCheck.Column(Spend, 1000, Numbers(Enumerable.Range(0, 500).Select(i => 100 + (i * 0.2))), importance: 0.1)!;

        Assert.Equal(DriftLevel.Changed, drift.Level);
        Assert.True(drift.Index > 1, $"{drift.Index}");
        Assert.Equal("More values of 90 or more: 100% of recent predictions, 10% of the training data.", drift.Sentence);
    }

    [Fact]
    public void A_mild_move_is_shifting_and_numbers_sent_as_text_are_read()
    {
        // Half the rows of the two lowest buckets moved into the top one: 5%, 5% and 20% where training had 10% each.
        var values = Enumerable.Range(0, 400).Select(i => (i % 2 == 0 && i < 80) ? 95 : i * 0.25).Select(v => (JsonNode?)JsonValue.Create(v.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var drift = DriftCheck.Column(Spend, 1000, [.. values], importance: 0)!;

        Assert.Equal(DriftLevel.Shifting, drift.Level);
        Assert.InRange(drift.Index, DriftCheck.ShiftingFrom, DriftCheck.ChangedFrom);
    }

    [Fact]
    public void Categories_never_seen_in_training_are_other_values()
    {
        var values = Enumerable.Range(0, 200).Select(i => (JsonNode?)JsonValue.Create(i % 2 == 0 ? "pro" : "premium")).ToList();

        var drift = DriftCheck.Column(Plan, 1000, values, importance: 0)!;

        Assert.Equal(DriftLevel.Changed, drift.Level);
        Assert.Equal("More other values: 50% of recent predictions, 0% of the training data.", drift.Sentence);
        Assert.Equal(["'basic'", "'plus'", "'pro'", "other values"], drift.Buckets.Select(b => b.Label));
    }

    [Fact]
    public void Missing_values_are_a_bucket_of_their_own_and_yes_no_values_match_in_any_case()
    {
        var half = Enumerable.Range(0, 400).Select(i => i % 2 == 0 ? null : (JsonNode?)JsonValue.Create(i * 0.25)).ToList();
        Assert.StartsWith("More missing values: 50% of recent predictions, 0% of", DriftCheck.Column(Spend, 1000, half, 0)!.Sentence, StringComparison.Ordinal);

        var yesNo = new ColumnProfile("partner", ColumnType.Boolean, 0, 0, 2, false, null, null, null, null, [new ValueCount("No", 700), new ValueCount("Yes", 300)], null);
        var lower = Enumerable.Range(0, 300).Select(i => (JsonNode?)JsonValue.Create(i % 10 < 7 ? "no" : "yes")).ToList();
        Assert.Equal(DriftLevel.Stable, DriftCheck.Column(yesNo, 1000, lower, 0)!.Level);
    }

    [Fact]
    public void A_column_that_held_one_number_in_training_is_stable_while_it_still_does()
    {
        var constant = Spend with { Min = 5.0, Max = 5.0, Histogram = new Histogram(5, 5, [1000, .. Enumerable.Repeat(0L, 19)]) };

        Assert.Equal(DriftLevel.Stable, DriftCheck.Column(constant, 1000, Numbers(Enumerable.Repeat(5.0, 300)), 0)!.Level);
        Assert.Equal(DriftLevel.Changed, DriftCheck.Column(constant, 1000, Numbers(Enumerable.Repeat(9.0, 300)), 0)!.Level);
    }

    [Fact]
    public void Yes_no_answers_sent_as_json_booleans_or_numbers_match_the_words_of_training()
    {
        var yesNo = new ColumnProfile("partner", ColumnType.Boolean, 0, 0, 2, false, null, null, null, null, [new ValueCount("No", 700), new ValueCount("Yes", 300)], null);
        List<JsonNode?> booleans = [.. Enumerable.Range(0, 300).Select(i => (JsonNode?)(i % 3 == 0 ? JsonValue.Create(i % 10 >= 7) : JsonValue.Create(i % 10 >= 7 ? 1 : 0)))];

        Assert.Equal(DriftLevel.Stable, DriftCheck.Column(yesNo, 1000, booleans, 0)!.Level);
    }

    [Fact]
    public void Dates_text_and_identifiers_are_not_compared()
    {
        foreach (var type in new[] { ColumnType.Date, ColumnType.DateTime, ColumnType.Text, ColumnType.Identifier })
        {
            Assert.Null(DriftCheck.Column(Spend with { Type = type }, 1000, Numbers([1.0]), 0));
        }
    }

    private static List<JsonNode?> Numbers(IEnumerable<double> values) => [.. values.Select(v => (JsonNode?)JsonValue.Create(v))];

    [Fact]
    public void A_model_that_says_yes_far_more_often_than_on_its_training_data_has_changed_answers()
    {
        // On its training data it said "Yes" to a quarter of the customers; lately to half of them.
        var training = Labels(("Yes", 250), ("No", 750));

        var same = DriftCheck.Answers(training, Labels(("Yes", 100), ("No", 300)), amounts: false)!;
        var more = DriftCheck.Answers(training, Labels(("Yes", 200), ("No", 200)), amounts: false)!;

        Assert.Equal((DriftCheck.AnswersName, DriftLevel.Stable), (same.Column, same.Level));
        Assert.Equal("It answers much as it did on its training data.", same.Sentence);
        Assert.Equal(DriftLevel.Changed, more.Level);
        Assert.Equal("More 'Yes': 50% of its recent answers, 25% of those on its training data.", more.Sentence);
        Assert.Equal(["'No'", "'Yes'"], more.Buckets.Select(b => b.Label).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Predicted_amounts_are_compared_by_their_spread()
    {
        var training = Numbers(Enumerable.Range(0, 1000).Select(i => i * 0.1));

        Assert.Equal(DriftLevel.Stable, DriftCheck.Answers(training, Numbers(Enumerable.Range(0, 500).Select(i => i * 0.2)), amounts: true)!.Level);
        var higher = DriftCheck.Answers(training, Numbers(Enumerable.Range(0, 500).Select(i => 60 + (i * 0.08))), amounts: true)!;
        Assert.Equal(DriftLevel.Changed, higher.Level);
        Assert.StartsWith("More values of ", higher.Sentence, StringComparison.Ordinal);
        // Without answers on the training data there is nothing to compare with.
        Assert.Null(DriftCheck.Answers([], training, amounts: true));
    }

    private static List<JsonNode?> Labels(params (string Label, int Count)[] answers) =>
        [.. answers.SelectMany(a => Enumerable.Repeat<JsonNode?>(JsonValue.Create(a.Label), a.Count))];
}
