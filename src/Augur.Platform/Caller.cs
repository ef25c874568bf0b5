using Augur.Platform.ApiKeys;

namespace Augur.Platform;

/// <summary>
/// Who is asking. Built by the web layer from the signed-in user (or the personal API key used); services authorise
/// against it. A key narrows what its user may do: <see cref="KeyScope"/> caps the role, <see cref="KeyProjectId"/>
/// limits it to one project.
/// </summary>
public sealed record Caller(Guid UserId, string UserName, bool IsAdmin)
{
    /// <summary>The personal API key this request came with; null for a dashboard session.</summary>
    public Guid? KeyId { get; init; }

    public ApiKeyScope? KeyScope { get; init; }

    public Guid? KeyProjectId { get; init; }

    /// <summary>The client's address, for the audit log.</summary>
    public string? Ip { get; init; }

    /// <summary>True when a key (if any) allows at least <paramref name="scope"/>.</summary>
    public bool KeyAllows(ApiKeyScope scope) => KeyScope is null || KeyScope >= scope;
}
