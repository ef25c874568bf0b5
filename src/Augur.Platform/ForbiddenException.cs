namespace Augur.Platform;

/// <summary>
/// The caller may see the thing but not do this to it (a viewer starting a training run): HTTP 403. A caller who may
/// not see it at all gets <see cref="NotFoundException"/> instead, so nothing leaks across tenants.
/// </summary>
public sealed class ForbiddenException : Exception
{
    public ForbiddenException()
    {
    }

    public ForbiddenException(string message) : base(message)
    {
    }

    public ForbiddenException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
