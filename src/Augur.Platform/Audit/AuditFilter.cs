namespace Augur.Platform.Audit;

/// <summary>Narrows an audit listing: an action prefix ("dataset."), a user name, a time window, a maximum count.</summary>
public sealed record AuditFilter(string? Action = null, string? UserName = null, DateTime? From = null, DateTime? To = null, int Take = 500);
