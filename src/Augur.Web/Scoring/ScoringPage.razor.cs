using Augur.Platform;
using Augur.Platform.Models;
using Augur.Platform.Paging;
using Augur.Platform.Projects;
using Augur.Platform.Scoring;
using Augur.Web.Auth;
using Augur.Web.Components.Projects;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace Augur.Web.Scoring;

/// <summary>The batch scoring page: pick a model and version, upload a file, watch it being scored, download the result.</summary>
public sealed partial class ScoringPage
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _disposed = new();
    private Caller? _caller;

    // A scored file compared with its model's training data, on request: reading the file again is not free.
    private Augur.Platform.Monitoring.DriftReport? _drift;
    private Guid? _comparing;
    private Project? _project;
    private bool _notFound;
    private bool _canEdit;
    private IReadOnlyList<RegisteredModel> _models = [];
    private string? _modelName;
    private List<(string Value, string Label)> _versions = [];
    private string _version = "latest";
    private ScoringFormat _format = ScoringFormat.Xlsx;
    private string? _keep;
    private bool _uploading;
    private string? _uploadingName;
    private string? _error;
    private Page<ScoringJob> _jobs = new([], 0, 0, PageRequest.DefaultLimit);
    private List<BreadcrumbItem> _breadcrumbs = [];
    private Task? _polling;

    [Parameter]
    public Guid ProjectId { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        _caller ??= (await AuthenticationState).User.ToCaller();
        try
        {
            _project = await UseAsync<ProjectService, Project?>(s => s.FindAsync(_caller, ProjectId, CancellationToken.None));
            _notFound = _project is null;
            if (_project is null)
            {
                return;
            }

            _canEdit = await UseAsync<ProjectService, ProjectRole>(s => s.RoleOfAsync(_caller, _project, CancellationToken.None)) >= ProjectRole.Editor;
            _breadcrumbs = [new("Projects", "/"), new(_project.Name, $"/projects/{ProjectId}"), new("Score a file", null, disabled: true)];
            _models = await UseAsync<ModelService, IReadOnlyList<RegisteredModel>>(async s => (await s.ListAsync(_caller, ProjectId, new PageRequest(0, PageRequest.MaxLimit), _disposed.Token)).Items);
            if (_models.Count > 0)
            {
                await SelectModelAsync(_models[0].Name);
            }

            await LoadJobsAsync();
            EnsurePolling();
        }
        catch (Exception ex) when (IsShowable(ex))
        {
            ShowError(ex);
        }
    }

    private async Task SelectModelAsync(string name)
    {
        _modelName = name;
        var model = await UseAsync<ModelService, RegisteredModel>(s => s.GetAsync(_caller!, ProjectId, name, _disposed.Token));
        var byId = model.Versions.ToDictionary(v => v.Id, v => v.Version);
        _versions = [("latest", "The newest version")];
        _versions.AddRange(model.Aliases.OrderBy(a => a.Name, StringComparer.Ordinal)
            .Select(a => (a.Name, $"{a.Name} (v{(byId.TryGetValue(a.VersionId, out var n) ? n : 0)})")));
        _versions.AddRange(model.Versions.OrderByDescending(v => v.Version).Select(v => ($"v{v.Version}", $"Version {v.Version} ({Friendly.MetricShort(v.Metric, v.MetricValue)})")));
        _version = "latest";
    }

    private async Task LoadJobsAsync() =>
        _jobs = await UseAsync<ScoringService, Page<ScoringJob>>(s => s.ListAsync(_caller!, ProjectId, new PageRequest(0, 20), _disposed.Token));

    private async Task StartAsync(IBrowserFile? file)
    {
        if (file is null || _modelName is null)
        {
            return;
        }

        _error = null;
        _uploading = true;
        _uploadingName = file.Name;
        StateHasChanged();
        try
        {
            var maxBytes = Options.Value.MaxUploadBytes;
            if (file.Size > maxBytes)
            {
                _error = $"{file.Name} is {Friendly.Bytes(file.Size)}; the largest file Augur accepts is {Friendly.Bytes(maxBytes)}.";
                return;
            }

            await using var content = file.OpenReadStream(maxBytes);
            var request = new StartScoringRequest(_modelName, _version, _format.ToString(), string.IsNullOrWhiteSpace(_keep) ? null : [_keep]);
            await UseAsync<ScoringService, ScoringJob>(s => s.StartAsync(_caller!, ProjectId, request, file.Name, content, CancellationToken.None));
            Snackbar.Add($"{file.Name} is being scored. It appears below; the download link shows when it is done.", Severity.Success);
            await LoadJobsAsync();
            EnsurePolling();
        }
        catch (Exception ex) when (IsShowable(ex))
        {
            _error = ex is PlatformValidationException ? ex.Message : $"{file.Name} could not be scored. {Describe(ex)}";
        }
        finally
        {
            _uploading = false;
        }
    }

    private async Task CancelAsync(ScoringJob job)
    {
        try
        {
            await UseAsync<ScoringService, ScoringJob>(s => s.CancelAsync(_caller!, ProjectId, job.Id, CancellationToken.None));
            await LoadJobsAsync();
        }
        catch (Exception ex) when (IsShowable(ex))
        {
            ShowError(ex);
        }
    }

    private static string StatusText(ScoringJob job) => job.Status switch
    {
        ScoringStatus.Queued => "Waiting to start…",
        ScoringStatus.Running when job.RowsTotal is null && job.RowsDone == 0 => "Reading the file…",
        // A file read in one pass has no total until its end.
        ScoringStatus.Running when job.RowsTotal is null => $"Scoring: {job.RowsDone:N0} rows so far",
        ScoringStatus.Running => $"Scoring: {job.RowsDone:N0} of {job.RowsTotal:N0} rows",
        ScoringStatus.Succeeded when job.RowsRejected > 0 => $"Done: {job.RowsScored:N0} rows scored, {job.RowsRejected:N0} skipped",
        ScoringStatus.Succeeded => $"Done: {job.RowsScored:N0} rows scored",
        ScoringStatus.Failed => "Failed",
        _ => "Stopped",
    };

    private bool AnyActive => _jobs.Items.Any(j => !j.IsFinished);

    /// <summary>Refreshes the list while some job is queued or running; the loop ends by itself when none is.</summary>
    private void EnsurePolling()
    {
        if (AnyActive && (_polling is null || _polling.IsCompleted))
        {
            _polling = PollAsync();
        }
    }

    private async Task PollAsync()
    {
        using var timer = new PeriodicTimer(PollInterval);
        try
        {
            while (AnyActive && await timer.WaitForNextTickAsync(_disposed.Token))
            {
                try
                {
                    await LoadJobsAsync();
                }
                catch (Exception ex) when (IsShowable(ex) && ex is not OperationCanceledException)
                {
                    // A failed refresh is shown once and the loop stops; reloading the page starts it again.
                    ShowError(ex);
                    return;
                }

                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
            // The page was closed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync();
        if (_polling is not null)
        {
            try
            {
                await _polling;
            }
            catch (OperationCanceledException)
            {
                // Expected when the page closes in the middle of a refresh.
            }
        }

        _disposed.Dispose();
    }

    private async Task CompareAsync(ScoringJob job)
    {
        _comparing = job.Id;
        try
        {
            _drift = await UseAsync<Augur.Platform.Monitoring.MonitoringService, Augur.Platform.Monitoring.DriftReport>(
                m => m.ScoredFileDriftAsync(_caller!, ProjectId, job.Id, _disposed.Token));
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
            // The page was left.
        }
        catch (Exception ex) when (IsShowable(ex))
        {
            ShowError(ex);
        }
        finally
        {
            _comparing = null;
        }
    }
}
