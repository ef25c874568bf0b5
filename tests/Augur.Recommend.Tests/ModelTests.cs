using Augur.Recommend.Data;
using Augur.Recommend.Models;

namespace Augur.Recommend.Tests;

public class ModelTests
{
    [Fact]
    public void Item_ids_are_indexed_in_numeric_order_when_every_id_is_a_number()
    {
        var map = IdMap.Build(["10", "9", "100", "9"]);
        Assert.Equal(["9", "10", "100"], map.Ids);
    }

    [Fact]
    public void Popularity_recommends_the_most_touched_unseen_items_with_ties_to_the_smaller_id()
    {
        var train = Some.Matrix("u1:3,1 u2:3,2 u3:3,4 u4:1");
        var model = new PopularityRecommender();
        model.Fit(train);
        var user = train.Users.IndexOf("u4");
        Assert.Equal(["3", "2", "4"], Some.Ids(train, model.Recommend(user, 3)));
        Assert.Equal(["3", "1", "2"], Some.Ids(train, model.Recommend(user, 3, excludeSeen: false)));
    }

    [Fact]
    public void Unknown_users_get_the_popular_items_with_a_reason()
    {
        var train = Some.Matrix("u1:a,b u2:b");
        var model = new SarRecommender();
        model.Fit(train);
        var top = model.Recommend(-1, 1, withReasons: true);
        Assert.Equal(["b"], Some.Ids(train, top));
        Assert.Equal("popular with all customers", top[0].Reason);
    }

    [Fact]
    public void Sar_scores_with_jaccard_similarity_and_names_the_item_bought_together()
    {
        // Co-occurrence: a and b share 2 customers (Jaccard 1), a and c share 1 (1/(2+2-1)), b and c share 1.
        var train = Some.Matrix("u1:a,b u2:a,b,c u3:c");
        var model = new SarRecommender { HalfLife = TimeSpan.Zero };
        model.Fit(train);
        var c = train.Users.IndexOf("u3");
        var top = model.Recommend(c, 2, withReasons: true);
        Assert.Equal(["a", "b"], Some.Ids(train, top));
        Assert.Equal(1f / 3, top[0].Score, 6);
        Assert.Equal("bought together with c", top[0].Reason);
        Assert.Equal(["b", "c"], Some.Ids(train, model.SimilarItems(train.Items.IndexOf("a"), 2)));
    }

    [Fact]
    public void Sar_time_decay_halves_an_interaction_one_half_life_older_than_the_newest()
    {
        var log = new InteractionLog();
        log.Add("u1", "a", 0);
        log.Add("u1", "b", 0);
        log.Add("u2", "a", 86_400);
        log.Add("u2", "c", 86_400);
        log.Add("u3", "b", 0);
        log.Add("u3", "c", 86_400);
        var train = InteractionMatrix.Build(log);
        var model = new SarRecommender { HalfLife = TimeSpan.FromDays(1), Similarity = SarSimilarity.Cooccurrence };
        model.Fit(train);
        var scores = new float[3];

        // u3 touched b a day before the newest event (affinity 1/2) and c at the newest (affinity 1); a
        // co-occurs once with each.
        model.Score(train.Users.IndexOf("u3"), scores);
        Assert.Equal(1.5f, scores[train.Items.IndexOf("a")], 5);
    }

    [Fact]
    public void Cholesky_inverse_of_a_symmetric_positive_definite_matrix_gives_the_identity()
    {
        double[][] g = [[4, 2, 0], [2, 5, 1], [0, 1, 3]];
        var inverse = DenseMath.InvertSpd([.. g.Select(r => (double[])r.Clone())]);
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                var product = Enumerable.Range(0, 3).Sum(k => g[i][k] * inverse[k][j]);
                Assert.Equal(i == j ? 1.0 : 0.0, product, 12);
            }
        }
    }

    [Fact]
    public void Cholesky_refuses_a_matrix_that_is_not_positive_definite()
    {
        Assert.Throws<ArithmeticException>(() => DenseMath.InvertSpd([[1, 2], [2, 1]]));
    }

    // Two groups of customers with separate tastes; x1 and y1 are each group's unseen item for the probe user.
    private const string TwoGroups =
        "a1:x1,x2,x3 a2:x1,x2,x3 a3:x1,x2 a4:x2,x3,x1 p:x2,x3 " +
        "b1:y1,y2,y3 b2:y1,y2,y3 b3:y1,y2,y3 b4:y1,y2 b5:y1,y3 b6:y2,y3,y1";

    [Theory]
    [InlineData("ease")]
    [InlineData("als")]
    [InlineData("sar")]
    [InlineData("cluster-popularity")]
    public void Personal_models_recommend_from_the_users_own_group_rather_than_the_overall_most_popular(string name)
    {
        var train = Some.Matrix(TwoGroups);
        var model = RecommenderFactory.Create(name, name switch
        {
            "ease" => new Dictionary<string, string> { ["lambda"] = "1" },
            "cluster-popularity" => new Dictionary<string, string> { ["clusters"] = "2" },
            "als" => new Dictionary<string, string> { ["factors"] = "4", ["regularization"] = "0.01" },
            _ => null,
        });
        model.Fit(train);
        var top = model.Recommend(train.Users.IndexOf("p"), 1, withReasons: true);
        Assert.Equal(["x1"], Some.Ids(train, top));
        Assert.False(string.IsNullOrWhiteSpace(top[0].Reason));

        var popularity = new PopularityRecommender();
        popularity.Fit(train);
        Assert.Equal(["y1"], Some.Ids(train, popularity.Recommend(train.Users.IndexOf("p"), 1)));
    }

    [Fact]
    public void Unknown_model_names_and_settings_are_refused_with_the_choices()
    {
        var ex = Assert.Throws<ArgumentException>(() => RecommenderFactory.Create("bpr"));
        Assert.Contains("ease", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => RecommenderFactory.Create("ease", new Dictionary<string, string> { ["factors"] = "8" }));
    }
}
