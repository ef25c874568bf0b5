using Augur.Recommend.Data;
using Augur.Recommend.Evaluation;
using Augur.Recommend.Models;

namespace Augur.Recommend.Tests;

public class EvaluatorTests
{
    [Fact]
    public void Popularity_on_a_tiny_split_gives_the_hand_computed_figures()
    {
        // Popularity in train: a=3, b=2, c=1, d=1. u1 has a → gets b, c (c beats d on the smaller id).
        // u2 has a,b → gets c, d. u3 has a → gets b, c.
        var train = InteractionMatrix.Build(Some.Log("u1:a u2:a,b u3:a,b,c,d"));
        var test = Some.Log("u1:c,x u2:d u3:e");
        var report = OfflineEvaluator.Evaluate(new PopularityRecommender(), train, test, k: 2);

        // u3's only test item e is unknown to training: still relevant, never hit.
        // u1: relevant {c, x}, list [b, c]: P=1/2, R=1/2, AP=(1/2)/2, nDCG=(1/log2 3)/(1+1/log2 3).
        // u2: relevant {d}, list [c, d]: P=1/2, R=1, AP=1/2, nDCG=(1/log2 3)/1.
        // u3: list [] since every item is seen: all zero.
        Assert.Equal(3, report.Users);
        Assert.Equal((0.5 + 0.5) / 3, report.Precision, 12);
        Assert.Equal((0.5 + 1) / 3, report.Recall, 12);
        Assert.Equal((0.25 + 0.5) / 3, report.Map, 12);
        var g = 1 / Math.Log2(3);
        Assert.Equal(((g / (1 + g)) + g) / 3, report.Ndcg, 12);
        Assert.Equal(2.0 / 3, report.HitRate, 12);
        Assert.Equal(3.0 / 4, report.Coverage, 12);
    }

    [Fact]
    public void Test_items_the_user_had_in_training_are_not_relevant_when_seen_items_are_excluded()
    {
        var train = InteractionMatrix.Build(Some.Log("u1:a,b u2:c"));
        var relevant = OfflineEvaluator.RelevantItems(train, Some.Log("u1:a,c u2:c u9:a"), excludeSeen: true);
        Assert.Equal([train.Items.IndexOf("c")], relevant[train.Users.IndexOf("u1")]);
        Assert.Single(relevant);
    }
}
