using Augur.Platform.Datasets;
using Augur.Platform.Models;
using Augur.Platform.Projects;
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

    public DbSet<RegisteredModel> Models => Set<RegisteredModel>();

    public DbSet<ModelVersion> ModelVersions => Set<ModelVersion>();

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
            e.Ignore(r => r.IsFinished);
            e.Ignore(r => r.Duration);
            e.HasIndex(r => new { r.ProjectId, r.CreatedAt });
            e.HasIndex(r => r.Status);
            e.HasOne<Project>().WithMany().HasForeignKey(r => r.ProjectId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Dataset>().WithMany().HasForeignKey(r => r.DatasetId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<RegisteredModel>(e =>
        {
            e.ToTable("Models");
            e.Property(m => m.Name).HasMaxLength(200);
            e.HasIndex(m => new { m.ProjectId, m.Name }).IsUnique();
            e.HasOne<Project>().WithMany().HasForeignKey(m => m.ProjectId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(m => m.Versions).WithOne().HasForeignKey(v => v.ModelId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ModelVersion>(e =>
        {
            e.HasIndex(v => new { v.ModelId, v.Version }).IsUnique();
            // A run registers at most one version, which makes registering after a retried job idempotent.
            e.HasIndex(v => v.RunId).IsUnique();
        });
    }
}
