using Augur.Platform.ApiKeys;
using Augur.Platform.Audit;
using Augur.Platform.Datasets;
using Augur.Platform.Deployments;
using Augur.Platform.Experiments;
using Augur.Platform.Models;
using Augur.Platform.Projects;
using Augur.Platform.Recommendations;
using Augur.Platform.Scoring;
using Augur.Platform.Training;
using Augur.Platform.Users;
using Microsoft.EntityFrameworkCore;

namespace Augur.Platform.Database;

/// <summary>The platform's one database. EF Core is the unit of work; there is no repository layer on top.</summary>
public sealed class AugurDbContext(DbContextOptions<AugurDbContext> options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();

    public DbSet<Project> Projects => Set<Project>();

    public DbSet<Dataset> Datasets => Set<Dataset>();

    public DbSet<TrainingRun> TrainingRuns => Set<TrainingRun>();

    public DbSet<Trial> Trials => Set<Trial>();

    public DbSet<TrialMetric> TrialMetrics => Set<TrialMetric>();

    public DbSet<RegisteredModel> Models => Set<RegisteredModel>();

    public DbSet<ModelVersion> ModelVersions => Set<ModelVersion>();

    public DbSet<ModelAlias> ModelAliases => Set<ModelAlias>();

    public DbSet<ProjectMember> ProjectMembers => Set<ProjectMember>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<SystemSetting> Settings => Set<SystemSetting>();

    public DbSet<RecommenderRun> RecommenderRuns => Set<RecommenderRun>();

    public DbSet<RecommenderAlias> RecommenderAliases => Set<RecommenderAlias>();

    public DbSet<ScoringJob> ScoringJobs => Set<ScoringJob>();
    public DbSet<Deployment> Deployments => Set<Deployment>();

    public DbSet<EndpointKey> EndpointKeys => Set<EndpointKey>();

    public DbSet<PredictionLog> PredictionLogs => Set<PredictionLog>();

    public DbSet<Monitoring.Alert> Alerts => Set<Monitoring.Alert>();

    public DbSet<Monitoring.AccuracyCheck> AccuracyChecks => Set<Monitoring.AccuracyCheck>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<User>(e =>
        {
            e.Property(u => u.UserName).HasMaxLength(200);
            e.HasIndex(u => u.UserName).IsUnique();
        });

        modelBuilder.Entity<Project>(e =>
        {
            e.Property(p => p.Name).HasMaxLength(200);
            e.Property(p => p.AlertWebhookHost).HasMaxLength(300);
            // Projects made before kinds existed are tabular; the sentinel makes EF always write the kind it holds.
            e.Property(p => p.Kind).HasConversion<string>().HasMaxLength(20).HasDefaultValue(ProjectKind.Tabular).HasSentinel((ProjectKind)(-1));
            e.HasIndex(p => p.OwnerId);
            e.HasOne<User>().WithMany().HasForeignKey(p => p.OwnerId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<Dataset>(e =>
        {
            e.Property(d => d.Name).HasMaxLength(200);
            e.HasIndex(d => new { d.ProjectId, d.CreatedAt });
            e.HasOne<Project>().WithMany().HasForeignKey(d => d.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<TrainingRun>(e =>
        {
            e.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(r => r.FinalisedBy).HasMaxLength(300);
            e.Property(r => r.RequestedTask).HasConversion<string>().HasMaxLength(20);
            e.Property(r => r.RequestedMetric).HasMaxLength(40);
            e.Property(r => r.Goal).HasMaxLength(60);
            e.Property(r => r.Halving).HasConversion<string>().HasMaxLength(10);
            e.Property(r => r.Parallelism).HasDefaultValue(1);
            e.Ignore(r => r.IsFinished);
            e.Ignore(r => r.Duration);
            e.HasIndex(r => new { r.ProjectId, r.CreatedAt });
            e.HasIndex(r => r.Status);
            e.HasOne<Project>().WithMany().HasForeignKey(r => r.ProjectId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Dataset>().WithMany().HasForeignKey(r => r.DatasetId).OnDelete(DeleteBehavior.Restrict);
            // Table splitting: the leaderboard and report share the run's row but load only when included.
            e.HasOne(r => r.Details).WithOne().HasForeignKey<TrainingRunDetails>(d => d.Id);
            e.Navigation(r => r.Details).IsRequired();
        });
        modelBuilder.Entity<TrainingRunDetails>().ToTable("TrainingRuns");

        ConfigureExperiments(modelBuilder);

        modelBuilder.Entity<RegisteredModel>(e =>
        {
            e.ToTable("Models");
            e.Property(m => m.Name).HasMaxLength(200);
            e.HasIndex(m => new { m.ProjectId, m.Name }).IsUnique();
            e.HasOne<Project>().WithMany().HasForeignKey(m => m.ProjectId).OnDelete(DeleteBehavior.Cascade);
            e.Property(m => m.Description).HasMaxLength(2000);
            e.Property(m => m.Tags).HasConversion(TagsJson.Converter, TagsJson.Comparer);
            e.HasMany(m => m.Versions).WithOne().HasForeignKey(v => v.ModelId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(m => m.Aliases).WithOne().HasForeignKey(a => a.ModelId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ModelVersion>(e =>
        {
            // Ids are made in code, so a version added to a loaded model's Versions is inserted, not updated.
            e.Property(v => v.Id).ValueGeneratedNever();
            e.HasIndex(v => new { v.ModelId, v.Version }).IsUnique();
            // A run registers at most one version, which makes registering after a retried job idempotent.
            e.HasIndex(v => v.RunId).IsUnique();
            e.Property(v => v.Source).HasConversion<string>().HasMaxLength(20);
            e.Property(v => v.DatasetHash).HasMaxLength(64);
            e.Property(v => v.Description).HasMaxLength(2000);
            e.Property(v => v.Tags).HasConversion(TagsJson.Converter, TagsJson.Comparer);
        });

        modelBuilder.Entity<ModelAlias>(e =>
        {
            e.HasKey(a => new { a.ModelId, a.Name });
            e.Property(a => a.Name).HasMaxLength(50);
            e.HasIndex(a => a.VersionId);
            // Deleting a version an alias points at is refused: re-point the alias first.
            e.HasOne<ModelVersion>().WithMany().HasForeignKey(a => a.VersionId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<ProjectMember>(e =>
        {
            e.HasKey(m => new { m.ProjectId, m.UserId });
            e.Property(m => m.Role).HasConversion<string>().HasMaxLength(20);
            e.HasIndex(m => m.UserId);
            e.HasOne<Project>().WithMany().HasForeignKey(m => m.ProjectId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ApiKey>(e =>
        {
            e.Property(k => k.Name).HasMaxLength(100);
            e.Property(k => k.Prefix).HasMaxLength(20);
            e.Property(k => k.Hash).HasMaxLength(64);
            e.Property(k => k.Scope).HasConversion<string>().HasMaxLength(20);
            e.HasIndex(k => k.Hash).IsUnique();
            e.HasIndex(k => k.UserId);
            e.HasOne<User>().WithMany().HasForeignKey(k => k.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Project>().WithMany().HasForeignKey(k => k.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<AuditEntry>(e =>
        {
            // No foreign keys: the log outlives the users, projects and keys it mentions.
            e.HasKey(a => a.Sequence);
            e.Property(a => a.Sequence).ValueGeneratedNever();
            e.Property(a => a.Action).HasMaxLength(100);
            e.Property(a => a.UserName).HasMaxLength(200);
            e.Property(a => a.Ip).HasMaxLength(64);
            e.Property(a => a.ObjectType).HasMaxLength(50);
            e.Property(a => a.ObjectId).HasMaxLength(200);
            e.Property(a => a.PreviousHash).HasMaxLength(64);
            e.Property(a => a.Hash).HasMaxLength(64);
            e.HasIndex(a => new { a.ProjectId, a.Sequence });
        });

        modelBuilder.Entity<SystemSetting>(e =>
        {
            e.HasKey(s => s.Key);
            e.Property(s => s.Key).HasMaxLength(100);
        });

        // Recommendations: the runs of a recommendations project, which are also its numbered recommender versions.
        modelBuilder.Entity<RecommenderRun>(e =>
        {
            e.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(r => r.Model).HasMaxLength(50);
            e.Ignore(r => r.IsFinished);
            e.HasIndex(r => new { r.ProjectId, r.CreatedAt });
            // One version number per project: two runs finishing together cannot both become version 3.
            e.HasIndex(r => new { r.ProjectId, r.Version }).IsUnique();
            e.HasOne<Project>().WithMany().HasForeignKey(r => r.ProjectId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Dataset>().WithMany().HasForeignKey(r => r.EventsDatasetId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Dataset>().WithMany().HasForeignKey(r => r.CatalogueDatasetId).OnDelete(DeleteBehavior.Restrict);
        });

        // The champion (and any other alias) of a recommendations project points at one of its versions.
        modelBuilder.Entity<RecommenderAlias>(e =>
        {
            e.HasKey(a => new { a.ProjectId, a.Name });
            e.Property(a => a.Name).HasMaxLength(50);
            e.HasIndex(a => a.RunId);
            e.HasOne<RecommenderRun>().WithMany().HasForeignKey(a => a.RunId).OnDelete(DeleteBehavior.Cascade);
        });

        // Batch scoring.
        modelBuilder.Entity<ScoringJob>(e =>
        {
            e.Property(j => j.ModelName).HasMaxLength(200);
            e.Property(j => j.VersionSelector).HasMaxLength(60);
            e.Property(j => j.InputFileName).HasMaxLength(260);
            e.Property(j => j.KeepColumns).HasMaxLength(4000);
            e.Property(j => j.Format).HasConversion<string>().HasMaxLength(10);
            e.Property(j => j.Status).HasConversion<string>().HasMaxLength(20);
            e.Ignore(j => j.IsFinished);
            e.Ignore(j => j.KeepColumnList);
            e.HasIndex(j => new { j.ProjectId, j.CreatedAt });
            e.HasIndex(j => j.Status);
            e.HasOne<Project>().WithMany().HasForeignKey(j => j.ProjectId).OnDelete(DeleteBehavior.Cascade);
            // No foreign key to the version: the job's history (model name and number) outlives a deleted model.
        });

        // Deployments (online serving): endpoints, their keys and the sampled prediction log.
        modelBuilder.Entity<Deployment>(e =>
        {
            e.Property(d => d.Name).HasMaxLength(63);
            e.Property(d => d.ModelName).HasMaxLength(200);
            e.Property(d => d.Description).HasMaxLength(2000);
            e.Property(d => d.LastRollbackReason).HasMaxLength(500);
            e.Ignore(d => d.Split);
            e.Ignore(d => d.PreviousSplit);
            e.HasIndex(d => new { d.ProjectId, d.Name }).IsUnique();
            e.HasOne<Project>().WithMany().HasForeignKey(d => d.ProjectId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<RegisteredModel>().WithMany().HasForeignKey(d => d.ModelId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<EndpointKey>(e =>
        {
            e.Property(k => k.Name).HasMaxLength(100);
            e.Property(k => k.Prefix).HasMaxLength(20);
            e.Property(k => k.Hash).HasMaxLength(64);
            e.HasIndex(k => k.Hash).IsUnique();
            e.HasIndex(k => k.ProjectId);
            e.HasOne<Project>().WithMany().HasForeignKey(k => k.ProjectId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Deployment>().WithMany().HasForeignKey(k => k.DeploymentId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<PredictionLog>(e =>
        {
            e.Property(l => l.Input).HasMaxLength(PredictionLog.MaxJsonChars);
            e.Property(l => l.Output).HasMaxLength(PredictionLog.MaxJsonChars);
            e.Property(l => l.Error).HasMaxLength(PredictionLog.MaxJsonChars);
            e.Property(l => l.Outcome).HasMaxLength(PredictionLog.MaxOutcomeChars);
            e.HasIndex(l => new { l.DeploymentId, l.At });
            // Outcomes sent back find their prediction by its id; the accuracy check reads those that came within its window.
            e.HasIndex(l => new { l.DeploymentId, l.PredictionId });
            e.HasIndex(l => new { l.DeploymentId, l.OutcomeAt });
            e.HasOne<Deployment>().WithMany().HasForeignKey(l => l.DeploymentId).OnDelete(DeleteBehavior.Cascade);
        });

        // The project page lists a project's open alerts; the drift check looks for an open one per endpoint and version.
        modelBuilder.Entity<Monitoring.Alert>(e =>
        {
            e.Property(a => a.Endpoint).HasMaxLength(200);
            e.Property(a => a.ModelName).HasMaxLength(200);
            e.Property(a => a.NotificationError).HasMaxLength(500);
            e.Property(a => a.Message).HasMaxLength(4000);
            e.Property(a => a.Kind).HasConversion<string>().HasMaxLength(40);
            e.HasIndex(a => new { a.ProjectId, a.DismissedAt });
            e.HasIndex(a => new { a.DeploymentId, a.Version, a.Kind });
            e.HasOne<Deployment>().WithMany().HasForeignKey(a => a.DeploymentId).OnDelete(DeleteBehavior.Cascade);
        });

        // A model page lists its checks, newest first; they go with the project (the dataset may be deleted before them).
        modelBuilder.Entity<Monitoring.AccuracyCheck>(e =>
        {
            e.Property(c => c.ModelName).HasMaxLength(200);
            e.Property(c => c.DatasetName).HasMaxLength(400);
            e.Property(c => c.Metric).HasMaxLength(40);
            e.Property(c => c.Verdict).HasConversion<string>().HasMaxLength(40);
            e.HasIndex(c => new { c.ProjectId, c.ModelName, c.CheckedAt });
            e.HasOne<Project>().WithMany().HasForeignKey(c => c.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    // Experiment tracking: every index serves one list of ExperimentService, so lists stay fast at 10,000 trials.
    private static void ConfigureExperiments(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Trial>(e =>
        {
            e.Property(t => t.Trainer).HasMaxLength(100);
            e.Property(t => t.Metric).HasMaxLength(50);
            e.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(t => t.Log).HasMaxLength(Trial.MaxLogLength);
            e.Property(t => t.WorkerId).HasMaxLength(300);
            // Recording is keyed by (run, number): a retried job updates a trial instead of adding a second one.
            e.HasIndex(t => new { t.RunId, t.Number }).IsUnique();
            e.HasIndex(t => new { t.RunId, t.Score });
            e.HasIndex(t => new { t.RunId, t.DurationSeconds });
            e.HasIndex(t => new { t.RunId, t.Trainer, t.Status });
            e.HasIndex(t => new { t.ProjectId, t.RecordedAt });
            e.HasIndex(t => new { t.ProjectId, t.Trainer, t.Status });
            e.HasOne<TrainingRun>().WithMany().HasForeignKey(t => t.RunId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Project>().WithMany().HasForeignKey(t => t.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<TrialMetric>(e =>
        {
            e.HasKey(m => new { m.TrialId, m.Key });
            e.Property(m => m.Key).HasMaxLength(50);
            e.Property(m => m.Trainer).HasMaxLength(100);
            e.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
            // TrialId last makes both covering: a sorted page of ids is read from the index alone.
            e.HasIndex(m => new { m.ProjectId, m.Key, m.Value, m.TrialId });
            e.HasIndex(m => new { m.RunId, m.Key, m.Value, m.TrialId });
            // The leaderboard filtered by kind of model, still in score order from the index alone.
            e.HasIndex(m => new { m.ProjectId, m.Key, m.Trainer, m.Value, m.TrialId });
            e.HasOne<Trial>().WithMany().HasForeignKey(m => m.TrialId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
