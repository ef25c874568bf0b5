namespace Augur.Platform;

/// <summary>Who is asking. Built by the web layer from the signed-in user; services authorise against it.</summary>
public sealed record Caller(Guid UserId, string UserName, bool IsAdmin);
