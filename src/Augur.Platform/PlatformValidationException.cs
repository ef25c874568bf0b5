namespace Augur.Platform;

/// <summary>A request that cannot be carried out as asked; <see cref="Field"/> names what to fix. Becomes HTTP 400.</summary>
public sealed class PlatformValidationException : Exception
{
    public PlatformValidationException(string field, string message) : base(message) => Field = field;

    public PlatformValidationException() => Field = "";

    public PlatformValidationException(string message) : base(message) => Field = "";

    public PlatformValidationException(string message, Exception innerException) : base(message, innerException) => Field = "";

    public string Field { get; }
}
