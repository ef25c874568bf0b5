using Augur.Recommend.Bundles;
using Augur.Recommend.Data;
using Augur.Recommend.Models;
using Augur.Recommend.Ranking;
using Augur.Testing;

namespace Augur.Recommend.Tests;

public class CatalogueFeatureTests
{
    private static readonly ItemAttributes Shop = ItemAttributes.From(
    [
        ("tea-1", "Tea", 4.5), ("tea-2", "Tea", 6.0), ("coffee-1", "Coffee", 12.0), ("coffee-2", "Coffee", null), ("mug", null, 9.0),
    ]);

    [Fact]
    public void Candidates_carry_the_items_price_and_the_users_share_of_weight_in_its_category()
    {
        var log = new InteractionLog();
        // Anna: 3 units of weight on tea, 1 on coffee. Ben makes every item a candidate for her.
        log.Add("anna", "tea-1", 1, 3f);
        log.Add("anna", "coffee-1", 2, 1f);
        foreach (var item in new[] { "tea-1", "tea-2", "coffee-1", "coffee-2", "mug" })
        {
            log.Add("ben", item, 3);
        }

        var train = InteractionMatrix.Build(log);
        var popularity = RecommenderFactory.Create("popularity");
        popularity.Fit(train);
        var anna = train.Users.IndexOf("anna");

        var with = new CandidateFeatures(train, [popularity], Shop).For(anna).ToDictionary(c => train.Items.Ids[c.Item], c => c.Features);
        Assert.Equal(6.0f, with["tea-2"][11]);
        Assert.Equal(0.75f, with["tea-2"][12], 5);
        Assert.Equal(0.25f, with["coffee-2"][12], 5);
        Assert.True(float.IsNaN(with["coffee-2"][11]), "coffee-2 has no price in the catalogue");
        Assert.True(float.IsNaN(with["mug"][12]), "the mug has no category");

        var without = new CandidateFeatures(train, [popularity]).For(anna);
        Assert.All(without, c => Assert.True(float.IsNaN(c.Features[11]) && float.IsNaN(c.Features[12])));
    }

    [Fact]
    public async Task A_ranker_fitted_with_a_catalogue_keeps_it_in_its_bundle()
    {
        var log = new InteractionLog();
        var random = new Random(3);
        var ids = new[] { "tea-1", "tea-2", "coffee-1", "coffee-2", "mug" };
        for (var u = 0; u < 60; u++)
        {
            foreach (var (item, d) in ids.OrderBy(_ => random.Next()).Take(3).Select((item, d) => (item, d)))
            {
                log.Add($"u{u}", item, (d * 86_400L) + u);
            }
        }

        var model = RecommenderFactory.Create("ranker", new Dictionary<string, string> { ["trees"] = "10" }).WithCatalogue(Shop);
        model.Fit(InteractionMatrix.Build(log));

        using var temp = new TempDirectory();
        var path = temp.Combine("ranker.augurrec");
        await RecommenderBundle.SaveAsync(model, new RecommenderBundleInfo("ranker", new Dictionary<string, string>(), "u", "i", "t", null, DateTimeOffset.UnixEpoch, log.Count), path, CancellationToken.None);
        var (loaded, _) = await RecommenderBundle.LoadAsync(path, CancellationToken.None);
        Assert.Equal(Shop.Count, Assert.IsType<RankerRecommender>(loaded).Catalogue!.Count);
        Assert.Equal(model.Recommend(1, 2), loaded.Recommend(1, 2));
    }
}
