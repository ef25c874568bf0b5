using System.Text.Json.Nodes;
using Augur.Data.Schema;
using Augur.Learning.Bundles;
using Augur.Learning.Features;
using Augur.Learning.Training;

namespace Augur.Learning.Tests;

public sealed class LocationFeatureTests
{
    private static readonly TableSchema Schema = new(0,
    [
        new("store_lat", ColumnType.Number, true, ColumnRole.Feature),
        new("storeLng", ColumnType.Number, true, ColumnRole.Feature),
        new("visits", ColumnType.Integer, false, ColumnRole.Feature),
        new("price", ColumnType.Number, false, ColumnRole.Feature),
    ]);

    /// <summary>
    /// Stores scattered over a region of California; the price is high on one side of a diagonal line (a "coast" that
    /// runs north-west), plus a little from visits and noise. Every 30th row has no latitude.
    /// </summary>
    private static List<JsonObject> Rows(int count, int seed = 3)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var latitude = 33 + (random.NextDouble() * 6);
            var longitude = -123 + (random.NextDouble() * 6);
            var visits = random.Next(0, 50);
            var coastal = latitude + longitude < -84.5 + (0.3 * Math.Sin(latitude * 3));
            return new JsonObject
            {
                ["store_lat"] = i % 30 == 0 ? null : Math.Round(latitude, 4),
                ["storeLng"] = Math.Round(longitude, 4),
                ["visits"] = visits,
                ["price"] = Math.Round((coastal ? 500 : 200) + (visits * 2) + (random.NextDouble() * 20), 2),
            };
        })];
    }

    private static List<ColumnSchema> Numbers(params string[] names) => [.. names.Select(n => new ColumnSchema(n, ColumnType.Number, true, ColumnRole.Feature))];

    private static List<JsonObject> Values(Dictionary<string, double[]> columns) =>
        [.. Enumerable.Range(0, columns.Values.First().Length).Select(i =>
        {
            var row = new JsonObject();
            foreach (var (name, values) in columns)
            {
                row[name] = values[i];
            }

            return row;
        })];

    [Fact]
    public void Pairs_are_found_by_the_words_of_their_names_and_checked_on_their_values()
    {
        double[] lat = [51.5, 48.9, 40.4], lon = [-0.1, 2.3, -3.7];

        var pairs = LocationFeatures.Find(
            Numbers("pickup_lat", "pickup_lon", "DropoffLatitude", "DropoffLongitude", "amount"),
            Values(new() { ["pickup_lat"] = lat, ["pickup_lon"] = lon, ["DropoffLatitude"] = lon, ["DropoffLongitude"] = lat, ["amount"] = lat }));
        Assert.Equal([new("pickup_lat", "pickup_lon"), new("DropoffLatitude", "DropoffLongitude")], pairs);

        // A single latitude and longitude go together whatever else their names say.
        Assert.Single(LocationFeatures.Find(Numbers("lat", "home_lng"), Values(new() { ["lat"] = lat, ["home_lng"] = lon })));
        // Out of range, the same value everywhere, or not numbers: not a location.
        Assert.Empty(LocationFeatures.Find(Numbers("lat", "lon"), Values(new() { ["lat"] = [91, 10, 20], ["lon"] = lon })));
        Assert.Empty(LocationFeatures.Find(Numbers("lat", "lon"), Values(new() { ["lat"] = [10, 10, 10], ["lon"] = lon })));
        Assert.Empty(LocationFeatures.Find(
            [new("lat", ColumnType.Categorical, true, ColumnRole.Feature), .. Numbers("lon")],
            Values(new() { ["lat"] = lat, ["lon"] = lon })));
        // Numbered pairs go by their numbers; "long" alone is not enough to make a longitude.
        Assert.Equal([new("lat2", "lon2"), new("lat1", "lon1")], LocationFeatures.Find(
            Numbers("lat2", "lon1", "lon2", "lat1"), Values(new() { ["lat2"] = lat, ["lon1"] = lon, ["lon2"] = lon, ["lat1"] = lat })));
        Assert.Empty(LocationFeatures.Find(Numbers("lat", "long_term_value"), Values(new() { ["lat"] = lat, ["long_term_value"] = lon })));
        Assert.Single(LocationFeatures.Find(Numbers("Lat", "Long"), Values(new() { ["Lat"] = lat, ["Long"] = lon })));
        // "latte" and "salon" are not words for a latitude and a longitude.
        Assert.Empty(LocationFeatures.Find(Numbers("latte", "salon"), Values(new() { ["latte"] = lat, ["salon"] = lon })));
    }

    [Fact]
    public void Each_pair_adds_sixteen_directions_as_expressions_over_the_two_columns()
    {
        var features = new LocationFeatures.Pair("lat", "lon").Features().ToList();

        Assert.Equal(LocationFeatures.Directions, features.Count);
        Assert.Equal("lat + lon at 10°", features[0].Name);
        Assert.DoesNotContain(features, f => f.Name.EndsWith(" 90°", StringComparison.Ordinal));
        Assert.Equal("lat + lon at 170°", features[^1].Name);
        // The direction 40° from the longitude's axis towards the latitude's.
        var diagonal = FeatureExpression.Parse("d", features.Single(f => f.Name.EndsWith(" 40°", StringComparison.Ordinal)).Expression);
        var value = diagonal.Evaluate(name => name == "lat" ? JsonValue.Create(1.0) : JsonValue.Create(2.0), Numbers("lon", "lat"), out _);
        Assert.Equal((2 * Math.Cos(40 * Math.PI / 180)) + Math.Sin(40 * Math.PI / 180), value!.GetValue<double>(), 9);
    }

    private static TrainingRequest Request(int rows, bool locations) =>
        new(Some.WriteJsonl(Rows(rows)), Schema with { Rows = rows }, "price")
        {
            Budget = TimeSpan.FromMinutes(5),
            MaxTrials = 2,
            Ensemble = false,
            LocationFeatures = locations,
        };

    [Fact]
    public async Task A_diagonal_boundary_is_learnt_better_with_location_features_and_the_reloaded_bundle_computes_them()
    {
        var trainer = new AutoTrainer(TimeProvider.System);
        var without = await trainer.TrainAsync(Request(1_500, locations: false), null, CancellationToken.None);
        without.Bundle.Dispose();
        var with = await trainer.TrainAsync(Request(1_500, locations: true), null, CancellationToken.None);

        // The same two trials: only the features differ.
        var plain = without.ValidationMetrics["rmse"];
        var helped = with.ValidationMetrics["rmse"];
        Assert.True(helped < plain * 0.85, $"RMSE with location features {helped}, without {plain}");
        Assert.Empty(without.LocationFeatures);
        Assert.Equal(["store_lat + storeLng"], with.LocationFeatures);
        // The pair and its sixteen features are one entry, the most important; no direction is listed alone.
        Assert.Equal("store_lat + storeLng", with.FeatureImportance[0].Column);
        Assert.DoesNotContain(with.FeatureImportance, f => f.Column.Contains('°', StringComparison.Ordinal));
        Assert.DoesNotContain(with.FeatureImportance, f => f.Column is "store_lat" or "storeLng");
        Assert.Equal(["store_lat + storeLng", "visits"], with.FeatureImportance.Select(f => f.Column));

        using var stream = new MemoryStream();
        await with.Bundle.SaveAsync(stream, CancellationToken.None);
        var rows = Rows(40, seed: 9);
        var expected = with.Bundle.Predict(rows);
        with.Bundle.Dispose();
        stream.Position = 0;
        using var bundle = await ModelBundle.LoadAsync(stream, CancellationToken.None);

        // Raw rows carry the two columns only; the reloaded bundle computes the directions itself, and a row without a
        // latitude still scores.
        Assert.Equal(expected.Select(p => p.Prediction!.GetValue<double>()), bundle.Predict(rows).Select(p => p.Prediction!.GetValue<double>()));
        Assert.Equal(["storeLng", "store_lat", "visits"], bundle.ReadColumns.Order(StringComparer.Ordinal));
        var coast = bundle.Predict([new JsonObject { ["store_lat"] = 34.0, ["storeLng"] = -122.0, ["visits"] = 10 }])[0].Prediction!.GetValue<double>();
        var inland = bundle.Predict([new JsonObject { ["store_lat"] = 38.0, ["storeLng"] = -118.0, ["visits"] = 10 }])[0].Prediction!.GetValue<double>();
        Assert.InRange(coast, 400, 600);
        Assert.InRange(inland, 150, 300);
        Assert.NotNull(bundle.Predict([new JsonObject { ["storeLng"] = -120.0, ["visits"] = 10 }])[0].Prediction);
        SamePredictions.AsRowPath(bundle, rows);
    }

    [Fact]
    public async Task A_latitude_that_leaks_the_target_is_left_out_with_its_location_features_in_one_line()
    {
        // The price is ten times the latitude: the leakage guard takes the latitude out, and the directions built on it go too.
        var rows = Rows(600);
        foreach (var row in rows)
        {
            row["store_lat"] ??= 36.0;
            row["price"] = Math.Round(row["store_lat"]!.GetValue<double>() * 10, 2);
        }

        var request = new TrainingRequest(Some.WriteJsonl(rows), Schema with { Rows = rows.Count }, "price")
        {
            Budget = TimeSpan.FromMinutes(5),
            MaxTrials = 1,
            Ensemble = false,
        };
        var outcome = await new AutoTrainer(TimeProvider.System).TrainAsync(request, null, CancellationToken.None);
        using var bundle = outcome.Bundle;

        Assert.Equal("store_lat", Assert.Single(outcome.ExcludedColumns).Column);
        Assert.Empty(outcome.LocationFeatures);
        Assert.Equal(["storeLng", "visits"], outcome.FeatureImportance.Select(f => f.Column).Order(StringComparer.Ordinal));
        Assert.Equal(["storeLng", "visits"], bundle.ReadColumns.Order(StringComparer.Ordinal));
    }
}
