using System.Text.Json;
using System.Text.Json.Nodes;
using Augur.Data;
using Augur.Data.Schema;
using Augur.Learning.Bundles;
using Augur.Learning.Features;
using Augur.Learning.Training;

namespace Augur.Learning.Tests;

public sealed class CustomFeatureTests
{
    private static readonly TableSchema Schema = new(0,
    [
        new("a", ColumnType.Number, true, ColumnRole.Feature),
        new("b", ColumnType.Number, true, ColumnRole.Feature),
        new("c", ColumnType.Number, true, ColumnRole.Feature),
        new("d", ColumnType.Number, true, ColumnRole.Feature),
        new("country", ColumnType.Categorical, true, ColumnRole.Feature),
        new("above", ColumnType.Boolean, false, ColumnRole.Feature),
    ]);

    /// <summary>
    /// Four prices in [0.1, 1] and the target "a / b is above c / d" (a / b - c / d &gt; 0): a curved boundary in four
    /// dimensions that trees cut into many steps, but one threshold on the difference of the ratios. Every 50th b is 0
    /// and every 40th a is missing, so the feature is missing there.
    /// </summary>
    private static List<JsonObject> Rows(int count, int seed = 11)
    {
        var random = new Random(seed);
        double Price() => Math.Round(0.1 + (random.NextDouble() * 0.9), 4);
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            double a = Price(), b = i % 50 == 0 ? 0 : Price(), c = Price(), d = Price();
            return new JsonObject
            {
                ["a"] = i % 40 == 0 ? null : a,
                ["b"] = b,
                ["c"] = c,
                ["d"] = d,
                ["country"] = random.NextDouble() < 0.5 ? "DE" : "FR",
                ["above"] = b != 0 && a / b > c / d,
            };
        })];
    }

    private static TrainingRequest Request(IReadOnlyList<CustomFeature> features, int rows = 500) =>
        new(Some.WriteJsonl(Rows(rows)), Schema with { Rows = rows }, "above")
        {
            Budget = TimeSpan.FromMinutes(5),
            MaxTrials = 2,
            Ensemble = false,
            Features = features,
        };

    [Fact]
    public async Task A_ratio_feature_makes_a_ratio_target_easy_and_the_reloaded_bundle_computes_it_from_raw_rows()
    {
        var trainer = new AutoTrainer(TimeProvider.System);
        var without = await trainer.TrainAsync(Request([]), null, CancellationToken.None);
        without.Bundle.Dispose();
        var with = await trainer.TrainAsync(Request([new CustomFeature("ratio", "a / b - c / d")]), null, CancellationToken.None);

        // Trees get the ranking nearly right from the four prices by many small steps (AUC about 0.98), but their
        // probabilities stay unsure near the curved boundary; with the feature, one cut separates the classes.
        var plain = without.ValidationMetrics["logLoss"];
        var helped = with.ValidationMetrics["logLoss"];
        Assert.True(with.ValidationMetrics["auc"] > 0.99, $"with the feature the AUC is {with.ValidationMetrics["auc"]}");
        Assert.True(helped < plain / 2, $"log loss with the feature {helped}, without {plain}");
        Assert.Equal("ratio", with.FeatureImportance[0].Column);
        // A custom feature is the user's choice: the leakage guard does not drop it, although it nearly is the target.
        Assert.Empty(with.ExcludedColumns);

        using var stream = new MemoryStream();
        await with.Bundle.SaveAsync(stream, CancellationToken.None);
        with.Bundle.Dispose();
        stream.Position = 0;
        using var bundle = await ModelBundle.LoadAsync(stream, CancellationToken.None);

        // Raw rows carry the prices only; the bundle computes the feature itself (0.9 / 0.3 - 1 = 2, 0.3 / 0.9 - 1 < 0).
        var answers = bundle.Predict([Row(0.9, 0.3), Row(0.3, 0.9), Row(0.6, 0.5), Row(0.5, 0.6)], reasons: 2);
        Assert.Equal([true, false, true, false], answers.Select(p => p.Prediction!.GetValue<bool>()));
        Assert.Equal("ratio", answers[0].Reasons![0].Column);
        Assert.Empty(bundle.UnknownFields(Row(0.9, 0.3)));

        // A row where the expression fails (division by zero, a missing column) is scored with the ratio missing.
        var failed = bundle.PredictEach([Row(0.5, 0), new JsonObject { ["b"] = 0.5, ["c"] = 0.5, ["d"] = 0.5, ["country"] = "DE" }]);
        Assert.All(failed, o => Assert.Empty(o.Errors));
        Assert.All(failed, o => Assert.NotNull(o.Prediction));

        // The batch paths compute custom features as the row path does, failed expressions and wrong kinds included.
        SamePredictions.AsRowPath(bundle, [Row(0.9, 0.3), Row(0.5, 0), new JsonObject { ["b"] = 0.5, ["c"] = 0.5, ["d"] = 0.5, ["country"] = "DE" },
            new JsonObject { ["a"] = "x", ["b"] = 0.5, ["c"] = 0.5, ["d"] = 0.5, ["country"] = "FR" }, Row(0.2, 0.8)]);
    }

    [Fact]
    public void Expressions_compute_numbers_booleans_and_categories_and_failed_rows_are_missing()
    {
        var uses = Schema.Columns.Where(c => c.Name is "a" or "b" or "country").ToList();
        FeatureInput Custom(string name, FeatureEncoding encoding, int slot, string expression, ColumnType type) =>
            new(new ColumnSchema(name, type, true, ColumnRole.Feature), encoding, slot) { Expression = expression, Uses = uses };
        var plan = new FeaturePlan(
        [
            Custom("ratio", FeatureEncoding.Numeric, 0, "a / b", ColumnType.Number),
            Custom("big_german", FeatureEncoding.Boolean, 1, "a > 0.5 and country == 'DE'", ColumnType.Boolean),
            Custom("size", FeatureEncoding.OneHot, 0, "if(a > 0, 'big', 'small')", ColumnType.Categorical),
        ], NumberSlots: 2, CategorySlots: 1, HashedSlots: 0, HasText: false);
        // The plan goes through the bundle's JSON, as it does when a bundle is saved and loaded.
        plan = JsonSerializer.Deserialize<FeaturePlan>(JsonSerializer.Serialize(plan, AugurJson.Options), AugurJson.Options)!;

        var errors = new List<InputError>();
        var good = plan.Encode(new JsonObject { ["a"] = 3, ["b"] = "2", ["country"] = "DE" }, 0, errors);
        var byZero = plan.Encode(new JsonObject { ["a"] = 3, ["b"] = 0, ["country"] = "FR" }, 1, errors);
        var missing = plan.Encode(new JsonObject { ["b"] = 2, ["country"] = "DE" }, 2, errors);
        var mistyped = plan.Encode(new JsonObject { ["a"] = "lots", ["b"] = 2, ["country"] = "DE" }, 3, errors);
        // A field named like the feature is not used: the feature is always computed.
        var named = plan.Encode(new JsonObject { ["a"] = -1, ["b"] = 4, ["country"] = "DE", ["ratio"] = 99 }, 4, errors);

        Assert.Empty(errors);
        Assert.Equal([1.5f, 1f], good.Numbers);
        Assert.Equal("size=big", good.Categories[0]);
        Assert.True(float.IsNaN(byZero.Numbers[0]));
        Assert.Equal(0f, byZero.Numbers[1]);
        Assert.All(missing.Numbers.Concat(mistyped.Numbers), n => Assert.True(float.IsNaN(n)));
        Assert.EndsWith("missing", missing.Categories[0], StringComparison.Ordinal);
        Assert.Equal([-0.25f, 0f], named.Numbers);
        Assert.Equal("size=small", named.Categories[0]);
    }

    [Theory]
    [InlineData("[a] * -0.17364817766693033 + b * 0.984807753012208")]
    [InlineData("a - b * 2 + -(a * 3) - 1.5")]
    [InlineData("(a + b) * (a - b) * 0.1 + 7")]
    public void Arithmetic_over_numbers_is_computed_without_NCalc_to_the_same_values(string text)
    {
        var numbers = Schema.Columns.Where(c => c.Name is "a" or "b").ToList();
        var expression = FeatureExpression.Parse("f", text);
        Assert.True(expression.IsArithmetic);

        var random = new Random(5);
        for (var i = 0; i < 200; i++)
        {
            double a = Math.Round((random.NextDouble() - 0.5) * 2000, 3), b = Math.Round((random.NextDouble() - 0.5) * 360, 4);
            var fast = expression.Evaluate(name => name == "a" ? JsonValue.Create(a) : JsonValue.Create(b.ToString(System.Globalization.CultureInfo.InvariantCulture)), numbers, out _);
            var slow = new NCalc.Expression(text, NCalc.ExpressionOptions.NoCache, cultureInfo: System.Globalization.CultureInfo.InvariantCulture) { Parameters = { ["a"] = a, ["b"] = b } }.Evaluate();
            Assert.Equal(Convert.ToDouble(slow, System.Globalization.CultureInfo.InvariantCulture), fast!.GetValue<double>());
        }

        Assert.Null(expression.Evaluate(name => name == "a" ? null : JsonValue.Create(1.0), numbers, out _));
        Assert.Null(expression.Evaluate(name => JsonValue.Create("lots"), numbers, out _));
        // Division, functions and comparisons stay with NCalc (its division rules and errors), as do non-numeric columns.
        Assert.False(FeatureExpression.Parse("f", "a / b").IsArithmetic);
        Assert.False(FeatureExpression.Parse("f", "Abs(a) + b").IsArithmetic);
        Assert.Equal(JsonValue.Create("DEDE").ToJsonString(), FeatureExpression.Parse("f", "country + country")
            .Evaluate(_ => JsonValue.Create("DE"), [.. Schema.Columns.Where(c => c.Name == "country")], out _)!.ToJsonString());
    }

    [Fact]
    public void Bundles_from_before_custom_features_read_their_inputs_as_table_columns()
    {
        const string old = """{"column":{"name":"a","type":"number","nullable":true,"role":"feature"},"encoding":"numeric","slot":0}""";
        var input = JsonSerializer.Deserialize<FeatureInput>(old, AugurJson.Options)!;
        Assert.Null(input.Expression);
        Assert.Empty(input.Uses);
    }

    [Theory]
    [InlineData("ratio", "a / (b", "The custom feature 'ratio' has a syntax error", "position (1:")]
    [InlineData("ratio", "a / price", "The custom feature 'ratio' uses the column 'price' (at position 5), which is not in the data", "Columns are: a, b, c, d")]
    [InlineData("cheat", "above or a > 0", "The custom feature 'cheat' uses the target 'above'", "")]
    [InlineData("b", "a * 2", "The custom feature 'b' has the name of a column", "")]
    [InlineData("odd", "Nope(a)", "The custom feature 'odd' has no value on any of the", "Nope")]
    public async Task A_bad_expression_is_refused_before_training_naming_the_feature_and_the_column_or_position(string name, string expression, string message, string detail)
    {
        var error = await Assert.ThrowsAsync<TrainingException>(() =>
            new AutoTrainer(TimeProvider.System).TrainAsync(Request([new CustomFeature(name, expression)], rows: 60), null, CancellationToken.None));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains(detail, error.Message, StringComparison.Ordinal);
    }

    private static JsonObject Row(double a, double b) => new() { ["a"] = a, ["b"] = b, ["c"] = 0.5, ["d"] = 0.5, ["country"] = "DE" };
}
