namespace Augur.Platform.Deployments;

/// <summary>The version picked for a request could not answer (it failed to load or to score): the server's fault, not the caller's.</summary>
public sealed class EndpointUnavailableException : Exception
{
    public EndpointUnavailableException() { }

    public EndpointUnavailableException(string message) : base(message) { }

    public EndpointUnavailableException(string message, Exception innerException) : base(message, innerException) { }
}
