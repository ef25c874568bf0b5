namespace Augur.Platform;

/// <summary>The thing does not exist, or the caller may not see it; both look the same from outside (HTTP 404).</summary>
public sealed class NotFoundException : Exception
{
    public NotFoundException(string kind, object id) : base($"No {kind} '{id}' was found.") => Kind = kind;

    public NotFoundException() => Kind = "";

    public NotFoundException(string message) : base(message) => Kind = "";

    public NotFoundException(string message, Exception innerException) : base(message, innerException) => Kind = "";

    public string Kind { get; }
}
