namespace Augur.Platform.Specs;

/// <summary>A training spec that cannot be used; the message names the spec and the line, and says what to write instead.</summary>
public sealed class SpecException : FormatException
{
    public SpecException() { }

    public SpecException(string message) : base(message) { }

    public SpecException(string message, Exception innerException) : base(message, innerException) { }
}
