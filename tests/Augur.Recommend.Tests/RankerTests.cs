using Augur.Recommend.Bundles;
using Augur.Recommend.Data;
using Augur.Recommend.Models;
using Augur.Testing;

namespace Augur.Recommend.Tests;

public class RankerTests
{
    /// <summary>
    /// 80 users in two taste groups over 24 items, each buying 6 of their group's 12 items over 6 days, so the
    /// last days of the log hold later purchases of users already seen earlier.
    /// </summary>
    private static InteractionMatrix TwoGroupsOverTime()
    {
        var random = new Random(7);
        var log = new InteractionLog();
        for (var u = 0; u < 80; u++)
        {
            var group = u % 2;
            var items = Enumerable.Range(0, 12).OrderBy(_ => random.Next()).Take(6).ToArray();
            for (var d = 0; d < items.Length; d++)
            {
                log.Add($"u{u}", $"{(group * 12) + items[d]}", (d * 86_400L) + u);
            }
        }

        return InteractionMatrix.Build(log);
    }

    [Fact]
    public async Task The_ranker_learns_on_an_earlier_slice_recommends_from_the_users_group_and_survives_a_bundle_round_trip()
    {
        var train = TwoGroupsOverTime();
        var model = RecommenderFactory.Create("ranker", new Dictionary<string, string> { ["trees"] = "20" });
        model.Fit(train);

        for (var u = 0; u < 10; u++)
        {
            var top = model.Recommend(u, 3, withReasons: true);
            var group = int.Parse(train.Users.Ids[u][1..], System.Globalization.CultureInfo.InvariantCulture) % 2;
            Assert.Equal(3, top.Length);
            Assert.All(top, t => Assert.Equal(group, int.Parse(train.Items.Ids[t.Item], System.Globalization.CultureInfo.InvariantCulture) / 12));
            Assert.All(top, t => Assert.False(string.IsNullOrWhiteSpace(t.Reason)));
        }

        using var temp = new TempDirectory();
        var path = temp.Combine("ranker.augurrec");
        await RecommenderBundle.SaveAsync(model, new RecommenderBundleInfo("ranker", new Dictionary<string, string>(), "u", "i", "t", null, DateTimeOffset.UnixEpoch, 480), path, CancellationToken.None);
        var (loaded, _) = await RecommenderBundle.LoadAsync(path, CancellationToken.None);
        Assert.Equal(model.Recommend(3, 5), loaded.Recommend(3, 5));
        Assert.Equal(model.SimilarItems(0, 3), loaded.SimilarItems(0, 3));
    }

    [Fact]
    public void The_local_time_split_keeps_every_cell_exactly_once()
    {
        var train = TwoGroupsOverTime();
        var cut = MatrixSlice.TimeQuantile(train, 0.8);
        var early = MatrixSlice.Where(train, t => t < cut);
        var late = MatrixSlice.Where(train, t => t >= cut);
        Assert.Equal(train.NonZeros, early.NonZeros + late.NonZeros);
        Assert.All(early.Times, t => Assert.True(t < cut));
        Assert.InRange(early.NonZeros, (int)(0.75 * train.NonZeros), (int)(0.85 * train.NonZeros));
    }
}
