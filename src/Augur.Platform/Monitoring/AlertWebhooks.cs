using System.Net.Http.Json;
using Augur.Platform.Audit;
using Augur.Platform.Database;
using Augur.Platform.Projects;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace Augur.Platform.Monitoring;

/// <summary>
/// A project's alerts, posted to a webhook as they are raised (a Slack or Teams incoming webhook, a chat relay), so that
/// people hear of them without opening the dashboard. The URL is a secret: it is stored encrypted and never shown
/// again, only its host. Owners set it; the post is Slack's <c>{"text": …}</c> plus the alert's fields.
/// </summary>
public sealed partial class AlertWebhooks(
    AugurDbContext db, ProjectService projects, IDataProtectionProvider dataProtection, IHttpClientFactory http, ISchedulerFactory schedulers, AuditLog audit,
    Microsoft.Extensions.Logging.ILogger<AlertWebhooks> logger)
{
    public const string HttpClientName = "alert-webhooks";

    private readonly IDataProtector _protector = dataProtection.CreateProtector("Augur.AlertWebhooks.v1");

    /// <summary>Whether the project posts its alerts, and to which host (viewers).</summary>
    public async Task<string?> HostAsync(Caller caller, Guid projectId, CancellationToken cancellationToken) =>
        (await projects.RequireAsync(caller, projectId, ProjectRole.Viewer, cancellationToken)).Project.AlertWebhookHost;

    /// <summary>Posts the project's alerts to <paramref name="url"/> from now on, or to nowhere when it is null (owners).</summary>
    public async Task<string?> SetAsync(Caller caller, Guid projectId, string? url, CancellationToken cancellationToken)
    {
        var project = (await projects.RequireAsync(caller, projectId, ProjectRole.Owner, cancellationToken)).Project;
        var tracked = await db.Projects.SingleAsync(p => p.Id == project.Id, cancellationToken);
        if (string.IsNullOrWhiteSpace(url))
        {
            tracked.SendAlertsTo(null, null);
        }
        else
        {
            var address = Check(url.Trim());
            tracked.SendAlertsTo(_protector.Protect(address.AbsoluteUri), address.Host);
        }

        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(caller, "alerts.webhook", projectId, "project", projectId.ToString(), tracked.AlertWebhookHost is { } host ? $"alerts go to {host}" : "alerts go nowhere", cancellationToken);
        return tracked.AlertWebhookHost;
    }

    /// <summary>Posts a test message now and says whether the webhook took it (owners).</summary>
    public async Task<string?> TestAsync(Caller caller, Guid projectId, CancellationToken cancellationToken)
    {
        var project = (await projects.RequireAsync(caller, projectId, ProjectRole.Owner, cancellationToken)).Project;
        if (project.AlertWebhookProtected is null)
        {
            throw new PlatformValidationException("url", "This project sends its alerts nowhere yet: give a webhook address first.");
        }

        return await PostAsync(project, new
        {
            text = $"Augur · {project.Name}: this is a test. Alerts about this project's live models will come here.",
            project = project.Name,
            projectId = project.Id,
            kind = "test",
        }, cancellationToken);
    }

    /// <summary>
    /// Queues a post of each stored alert, for the projects that have a webhook (at least once: a node that dies mid-post
    /// has it fired again). Never throws: the alerts are stored and shown whatever becomes of their posts.
    /// </summary>
    public async Task QueueAsync(IReadOnlyCollection<Alert> alerts, CancellationToken cancellationToken)
    {
        if (alerts.Count == 0)
        {
            return;
        }

        try
        {
            var projectIds = alerts.Select(a => a.ProjectId).Distinct().ToList();
            var posting = await db.Projects.Where(p => projectIds.Contains(p.Id) && p.AlertWebhookProtected != null).Select(p => p.Id).ToListAsync(cancellationToken);
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            foreach (var alert in alerts.Where(a => posting.Contains(a.ProjectId)))
            {
                await NotifyAlertJob.ScheduleAsync(scheduler, alert.Id, attempt: 1, TimeSpan.Zero, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or OutOfMemoryException))
        {
            LogNotQueued(logger, ex, alerts.Count);
        }
    }

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Warning, Message = "{Count} alerts are stored but their webhook posts could not be queued")]
    private static partial void LogNotQueued(Microsoft.Extensions.Logging.ILogger logger, Exception exception, int count);

    /// <summary>Posts one alert; null when the webhook took it, else why not.</summary>
    internal async Task<string?> PostAsync(Project project, Alert alert, CancellationToken cancellationToken) =>
        await PostAsync(project, new
        {
            text = $"Augur · {project.Name}: {alert.Endpoint} — {alert.Message}",
            project = project.Name,
            projectId = project.Id,
            kind = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(alert.Kind.ToString()),
            endpoint = alert.Endpoint,
            model = alert.ModelName,
            version = alert.Version,
            message = alert.Message,
            raisedAt = alert.RaisedAt,
        }, cancellationToken);

    private async Task<string?> PostAsync(Project project, object payload, CancellationToken cancellationToken)
    {
        var url = _protector.Unprotect(project.AlertWebhookProtected!);
        try
        {
            using var response = await http.CreateClient(HttpClientName).PostAsJsonAsync(url, payload, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"{project.AlertWebhookHost} answered {(int)response.StatusCode} {response.ReasonPhrase}.";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The message never holds the URL (a secret): only the host and what went wrong.
            return $"{project.AlertWebhookHost} could not be reached: {(ex is TaskCanceledException ? "no answer within 10 seconds" : ex.Message.Replace(url, project.AlertWebhookHost, StringComparison.Ordinal))}.";
        }
    }

    /// <summary>An https address (http only to this machine, e.g. a local relay), with no user name or password in it.</summary>
    private static Uri Check(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var address) || address.Scheme is not ("https" or "http"))
        {
            throw new PlatformValidationException("url", "The webhook must be a web address starting with https://, e.g. the incoming-webhook address Slack or Teams gives you.");
        }

        if (address.Scheme == "http" && !address.IsLoopback)
        {
            throw new PlatformValidationException("url", "The webhook must use https:// (alerts name your models and customers' data): http:// is only allowed to this machine.");
        }

        if (address.UserInfo.Length > 0)
        {
            throw new PlatformValidationException("url", "Put no user name or password in the webhook address; use the token the service gives in its URL.");
        }

        return address;
    }
}
