using Microsoft.EntityFrameworkCore;

namespace Augur.Platform.Paging;

/// <summary>One page of a list, with the total so that a client can show "1–50 of 10,000".</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int Offset, int Limit)
{
    public bool HasMore => Offset + Items.Count < Total;

    public Page<TOut> Map<TOut>(Func<T, TOut> map) => new(Items.Select(map).ToList(), Total, Offset, Limit);
}

public static class PageQueries
{
    /// <summary>Counts and reads one page of an ordered query (two round trips; both use the query's index).</summary>
    public static async Task<Page<T>> ToPageAsync<T>(this IQueryable<T> ordered, PageRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var total = await ordered.CountAsync(cancellationToken);
        var items = await ordered.Skip(request.SafeOffset).Take(request.SafeLimit).ToListAsync(cancellationToken);
        return new Page<T>(items, total, request.SafeOffset, request.SafeLimit);
    }
}
