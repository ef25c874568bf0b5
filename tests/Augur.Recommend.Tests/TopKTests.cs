using Augur.Recommend.Models;

namespace Augur.Recommend.Tests;

public class TopKTests
{
    [Fact]
    public void Higher_scores_come_first_and_ties_go_to_the_smaller_index()
    {
        var top = TopK.Select([1f, 3f, 2f, 3f, float.NegativeInfinity, 2f], 4);
        Assert.Equal([1, 3, 2, 5], top.Select(t => t.Item));
    }

    [Fact]
    public void Excluded_items_are_never_returned_even_when_k_is_larger()
    {
        var top = TopK.Select([float.NegativeInfinity, 1f], 5);
        Assert.Equal([1], top.Select(t => t.Item));
    }
}
