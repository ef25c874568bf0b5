namespace Augur.Platform.Paging;

/// <summary>
/// Which slice of a list to return. Every list in the API is paged: MLflow's UI broke at about 1,700 runs because
/// it loaded them all. Offsets are clamped rather than rejected, so a stale link still answers.
/// </summary>
public sealed record PageRequest(int Offset = 0, int Limit = PageRequest.DefaultLimit)
{
    public const int DefaultLimit = 50;

    public const int MaxLimit = 500;

    public int SafeOffset => Math.Max(0, Offset);

    public int SafeLimit => Limit <= 0 ? DefaultLimit : Math.Min(Limit, MaxLimit);
}
