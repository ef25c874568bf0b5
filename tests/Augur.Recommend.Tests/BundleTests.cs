using Augur.Recommend.Bundles;
using Augur.Recommend.Models;
using Augur.Testing;

namespace Augur.Recommend.Tests;

public class BundleTests
{
    [Theory]
    [InlineData("popularity")]
    [InlineData("recent-popularity")]
    [InlineData("cluster-popularity")]
    [InlineData("sar")]
    [InlineData("als")]
    [InlineData("ease")]
    public async Task A_saved_bundle_loads_and_recommends_exactly_as_the_fitted_model(string name)
    {
        using var temp = new TempDirectory();
        var train = Some.Matrix("u1:a,b,c u2:a,c u3:b,d u4:d,e,a u5:e");
        var model = RecommenderFactory.Create(name);
        model.Fit(train);
        var path = temp.Combine("model.augurrec");
        var info = new RecommenderBundleInfo(name, new Dictionary<string, string>(), "user", "item", null, null, DateTimeOffset.UnixEpoch, 11);
        await RecommenderBundle.SaveAsync(model, info, path, CancellationToken.None);

        var (loaded, loadedInfo) = await RecommenderBundle.LoadAsync(path, CancellationToken.None);

        Assert.Equal(name, loadedInfo.Model);
        Assert.Equal("user", loadedInfo.UserColumn);
        for (var u = 0; u < train.UserCount; u++)
        {
            Assert.Equal(model.Recommend(u, 3, withReasons: true), loaded.Recommend(u, 3, withReasons: true));
        }
    }

    [Fact]
    public async Task A_file_that_is_not_a_bundle_is_refused_with_its_name()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("junk.augurrec");
        await File.WriteAllTextAsync(path, "hello");
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => RecommenderBundle.LoadAsync(path, CancellationToken.None));
        Assert.Contains("junk.augurrec", ex.Message, StringComparison.Ordinal);
    }
}
