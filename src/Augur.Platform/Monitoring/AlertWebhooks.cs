using System.Net.Http.Json;
using Augur.Platform.Audit;
using Augur.Platform.Database;
using Augur.Platform.Projects;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace Augur.Platform.Monitoring;

/// <summary>
/// A project's alerts, posted to a webhook as they are raised (a Slack incoming webhook, or any service or relay that
/// takes Slack's format), so that people hear of them without opening the dashboard. The URL is a secret: it is stored
/// encrypted, never logged, and never shown again but its host. Owners set it; the post is Slack's
/// <c>{"text": …}</c> plus the alert's fields.
/// </summary>
public sealed partial class AlertWebhooks(
    AugurDbContext db, ProjectService projects, IDataProtectionProvider dataProtection, IHttpClientFactory http, ISchedulerFactory schedulers, AuditLog audit, TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<MonitoringOptions> options, Microsoft.Extensions.Logging.ILogger<AlertWebhooks> logger)
{
    public const string HttpClientName = "alert-webhooks";

    private readonly IDataProtector _protector = dataProtection.CreateProtector("Augur.AlertWebhooks.v1");

    /// <summary>Whether the project posts its alerts, and to which host (viewers).</summary>
    public async Task<string?> HostAsync(Caller caller, Guid projectId, CancellationToken cancellationToken) =>
        (await projects.RequireAsync(caller, projectId, ProjectRole.Viewer, cancellationToken)).Project.AlertWebhookHost;

    /// <summary>Posts the project's alerts to <paramref name="url"/> from now on (owners); returns its host.</summary>
    public async Task<string> SetAsync(Caller caller, Guid projectId, string? url, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Owner, cancellationToken);
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new PlatformValidationException("url", "Give the webhook's address, e.g. the one Slack shows when you add an incoming webhook to a channel. To stop posting alerts, remove the webhook instead.");
        }

        var address = Check(url.Trim());
        var tracked = await db.Projects.SingleAsync(p => p.Id == projectId, cancellationToken);
        tracked.SendAlertsTo(_protector.Protect(address.AbsoluteUri), address.Host, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        // A short fingerprint tells one address from another in the audit trail without revealing either.
        var fingerprint = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(address.AbsoluteUri)))[..8];
        await audit.RecordAsync(caller, "alerts.webhook", projectId, "project", projectId.ToString(), $"alerts go to {address.Host} (address {fingerprint})", cancellationToken);
        return address.Host;
    }

    /// <summary>Stops posting the project's alerts (owners).</summary>
    public async Task RemoveAsync(Caller caller, Guid projectId, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Owner, cancellationToken);
        var tracked = await db.Projects.SingleAsync(p => p.Id == projectId, cancellationToken);
        tracked.SendAlertsTo(null, null, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(caller, "alerts.webhook", projectId, "project", projectId.ToString(), "alerts are no longer posted", cancellationToken);
    }

    /// <summary>Posts a test message now and says whether the webhook took it (owners).</summary>
    public async Task<string?> TestAsync(Caller caller, Guid projectId, CancellationToken cancellationToken)
    {
        var project = (await projects.RequireAsync(caller, projectId, ProjectRole.Owner, cancellationToken)).Project;
        if (project.AlertWebhookProtected is null)
        {
            throw new PlatformValidationException("url", "This project sends its alerts nowhere yet: give a webhook address first.");
        }

        return (await PostAsync(project, new
        {
            text = $"Augur · {Slack(project.Name)}: this is a test. Alerts about this project's live models will come here.",
            project = project.Name,
            projectId = project.Id,
            kind = "test",
        }, cancellationToken))?.Error;
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
            foreach (var alert in alerts.Where(a => posting.Contains(a.ProjectId)).OrderBy(a => a.RaisedAt))
            {
                await NotifyAlertJob.ScheduleAsync(scheduler, alert.Id, attempt: 1, TimeSpan.Zero, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or OutOfMemoryException))
        {
            LogNotQueued(logger, ex, alerts.Count);
        }
    }

    /// <summary>An alert's post not tried this long after it was raised was never queued (its node stopped in between).</summary>
    public static readonly TimeSpan UnsentAfter = TimeSpan.FromMinutes(5);

    /// <summary>Older alerts are not posted late: a day-old alert in a chat channel is more noise than news.</summary>
    public static readonly TimeSpan UnsentWithin = TimeSpan.FromDays(1);

    /// <summary>
    /// Queues the post of every alert that should have been posted and never was tried: raised in the last day, at least
    /// <see cref="UnsentAfter"/> ago, since its project's webhook was given, neither posted nor failed. Storing an alert
    /// and queuing its post are two steps, and a node that stops between them would otherwise leave it unposted. A post
    /// still waiting in the queue is replaced, not doubled (the job's identity is the alert's). Returns how many.
    /// </summary>
    public async Task<int> QueueUnsentAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (earliest, latest) = (now - UnsentWithin, now - UnsentAfter);
        var unsent = await (
            from alert in db.Alerts
            join project in db.Projects on alert.ProjectId equals project.Id
            where project.AlertWebhookProtected != null && project.AlertWebhookSince != null && alert.RaisedAt >= project.AlertWebhookSince
                && alert.RaisedAt >= earliest && alert.RaisedAt <= latest && alert.NotifiedAt == null && alert.NotificationError == null
            orderby alert.RaisedAt
            select alert.Id).ToListAsync(cancellationToken);
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        foreach (var id in unsent)
        {
            await NotifyAlertJob.ScheduleAsync(scheduler, id, attempt: 1, TimeSpan.Zero, cancellationToken);
        }

        return unsent.Count;
    }

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Warning, Message = "{Count} alerts are stored but their webhook posts could not be queued")]
    private static partial void LogNotQueued(Microsoft.Extensions.Logging.ILogger logger, Exception exception, int count);

    /// <summary>Posts one alert; null when the webhook took it, else why not and whether trying again may help.</summary>
    internal async Task<(string Error, bool Retry)?> PostAsync(Project project, Alert alert, CancellationToken cancellationToken) =>
        await PostAsync(project, new
        {
            text = $"Augur · {Slack(project.Name)}: {Slack(alert.Endpoint)} — {Slack(alert.Message)}",
            project = project.Name,
            projectId = project.Id,
            kind = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(alert.Kind.ToString()),
            endpoint = alert.Endpoint,
            model = alert.ModelName,
            version = alert.Version,
            message = alert.Message,
            raisedAt = alert.RaisedAt,
        }, cancellationToken);

    private async Task<(string Error, bool Retry)?> PostAsync(Project project, object payload, CancellationToken cancellationToken)
    {
        var host = project.AlertWebhookHost;
        string url;
        try
        {
            url = _protector.Unprotect(project.AlertWebhookProtected!);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return ($"The webhook's address can no longer be read (Augur's keys changed): give it again.", false);
        }

        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(payload) };
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            // Too many at once, or the service's own trouble, may pass; a refused address will not.
            return response.IsSuccessStatusCode ? null
                : status is 408 or 429 or >= 500 ? ($"{host} did not take it ({status} {response.ReasonPhrase}); Augur tries again in a few minutes.", true)
                : ($"{host} refused it ({status} {response.ReasonPhrase}): check that the webhook address was copied whole and is still active.", false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Never the URL (a secret), nor the network's own wording: the host and what to do.
            var why = ex is TaskCanceledException ? "it did not answer within 10 seconds"
                : ex.Message.Contains("private network", StringComparison.Ordinal) ? ex.Message
                : "it could not be reached";
            return ($"{host}: {why}. Check the webhook address.", ex is TaskCanceledException || !ex.Message.Contains("private network", StringComparison.Ordinal));
        }
    }

    /// <summary>Text as Slack shows it: &amp;, &lt; and &gt; escaped, so a name cannot mention @channel or hide a link.</summary>
    private static string Slack(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>
    /// An https address on the internet, with no user name or password in it. Where an administrator allows private
    /// webhooks (a relay inside the company), also http and private addresses.
    /// </summary>
    private Uri Check(string url)
    {
        var allowPrivate = options.Value.AllowPrivateWebhooks;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var address) || address.Scheme is not ("https" or "http") || address.Host.Length > 253)
        {
            throw new PlatformValidationException("url", "The webhook must be a web address starting with https://, such as the one Slack shows when you add an incoming webhook to a channel.");
        }

        if (address.Scheme == "http" && !allowPrivate)
        {
            throw new PlatformValidationException("url", "The webhook must start with https://: alerts name your models and data, so they are only sent encrypted.");
        }

        if (!allowPrivate && (address.IsLoopback || (System.Net.IPAddress.TryParse(address.Host, out var ip) && WebhookAddresses.IsPrivate(ip))))
        {
            throw new PlatformValidationException("url", $"{address.Host} is on a private network, where Augur does not post alerts. Use the address your chat service gives you (an administrator can allow private addresses).");
        }

        if (address.UserInfo.Length > 0)
        {
            throw new PlatformValidationException("url", "Leave the user name and password out of the webhook address: use the address exactly as your chat service gives it.");
        }

        return address;
    }
}
