using Augur.Learning.Training;
using Augur.Platform.ApiKeys;
using Augur.Platform.Audit;
using Augur.Platform.Configuration;
using Augur.Platform.Database;
using Augur.Platform.Datasets;
using Augur.Platform.Deployments;
using Augur.Platform.Experiments;
using Augur.Platform.Jobs;
using Augur.Platform.Models;
using Augur.Platform.Projects;
using Augur.Platform.Recommendations;
using Augur.Platform.Scoring;
using Augur.Platform.Serving;
using Augur.Platform.Startup;
using Augur.Platform.Storage;
using Augur.Platform.Storage.Encryption;
using System.Security.Cryptography.X509Certificates;
using Augur.Platform.Training;
using Augur.Platform.Users;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Augur.Platform;

/// <summary>Registers the whole platform: options, database, artifact store, services and the job scheduler.</summary>
public static class PlatformSetup
{
    public static IHostApplicationBuilder AddAugurPlatform(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        // AUGUR_DATA is the documented short-cut for Augur:DataDirectory.
        if (Environment.GetEnvironmentVariable("AUGUR_DATA") is { Length: > 0 } dataDirectory && configuration[$"{AugurOptions.Section}:DataDirectory"] is null)
        {
            configuration[$"{AugurOptions.Section}:DataDirectory"] = dataDirectory;
        }

        var services = builder.Services;
        services.AddOptions<AugurOptions>().Bind(configuration.GetSection(AugurOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        // Nested settings are not validated with AugurOptions (DataAnnotations do not recurse), so these are checked on their own.
        services.AddOptions<Monitoring.MonitoringOptions>().Bind(configuration.GetSection($"{AugurOptions.Section}:Monitoring")).ValidateDataAnnotations()
            .Validate(m => m.Window > TimeSpan.Zero, "Augur:Monitoring:Window must be a positive time, e.g. 7.00:00:00 for a week.")
            .Validate(m => m.MinPredictions <= m.MaxPredictions, "Augur:Monitoring:MinPredictions cannot be more than MaxPredictions: no check would ever reach a verdict.")
            .ValidateOnStart();
        services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TrainingOptions>().Bind(configuration.GetSection(TrainingOptions.Section)).ValidateDataAnnotations()
            .Validate(o => string.IsNullOrWhiteSpace(o.TrialExecutable) || File.Exists(o.TrialExecutable), "Training:TrialExecutable names a file that does not exist.")
            .ValidateOnStart();
        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.Section)).ValidateOnStart();
        services.AddOptions<RecommendationsOptions>().Bind(configuration.GetSection(RecommendationsOptions.Section)).ValidateDataAnnotations()
            .Validate(o => Quartz.CronExpression.TryParse(o.BatchCron, out _), "Recommendations:BatchCron is not a Quartz cron expression (e.g. '0 0 2 * * ?').")
            .ValidateOnStart();

        // Read once here, because the scheduler's store is configured at registration time.
        var augur = configuration.GetSection(AugurOptions.Section).Get<AugurOptions>() ?? new AugurOptions();
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var recommendations = configuration.GetSection(RecommendationsOptions.Section).Get<RecommendationsOptions>() ?? new RecommendationsOptions();
        var paths = new AugurPaths(Options.Create(augur));
        Directory.CreateDirectory(paths.Root);

        services.AddSingleton(paths);
        AddKeyRing(services, configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions(), paths);
        services.AddSingleton(TimeProvider.System);
        services.AddDbContext<AugurDbContext>(o => DatabaseSetup.Configure(o, database, paths));
        services.AddSingleton<ArtifactCipher>();
        services.AddSingleton<FileArtifactStore>();
        services.AddSingleton<IArtifactStore>(sp => sp.GetRequiredService<FileArtifactStore>());
        services.AddSingleton<ArtifactKeyRotation>();
        services.AddSingleton<TrialRunnerChoice>();
        services.AddSingleton<IAutoTrainer>(sp => new AutoTrainer(sp.GetRequiredService<TimeProvider>(), runners: sp.GetRequiredService<TrialRunnerChoice>().Runners));
        services.AddSingleton<ModelCache>();
        services.AddScoped<UserService>();
        services.AddScoped<ProjectService>();
        services.AddScoped<DatasetService>();
        services.AddScoped<TrainingService>();
        services.AddScoped<TrainingRecovery>();
        services.AddScoped<ScoringService>();
        services.AddScoped<ScoringRecovery>();
        services.AddScoped<TrialRecorder>();
        services.AddSingleton<StudyTrialStore>();
        services.AddScoped<RunRegistration>();
        services.AddScoped<RunStartGate>();
        services.AddScoped<RetrainingService>();
        services.AddScoped<ExperimentService>();
        services.AddScoped<ModelService>();
        services.AddScoped<PredictionService>();
        services.AddScoped<AugurInitializer>();
        services.AddScoped<AuditLog>();
        services.AddScoped<ApiKeyService>();
        services.AddScoped<StorageQuota>();
        services.AddAugurRecommendations();
        AddServing(services);

        // Order matters: hosted services start in registration order, so the database exists before Quartz starts.
        services.AddHostedService<InitializerHostedService>();
        services.AddAugurJobs(database, paths, augur, recommendations);
        return builder;
    }

    /// <summary>
    /// The Data Protection key ring protects session cookies and wraps every artifact's data key. It lives with the data
    /// by default, so every server of a cluster (sharing the data folder) reads every other server's cookies and files,
    /// and a restart signs nobody out. Security:KeyRingDirectory moves it to another volume, and
    /// Security:KeyRingCertificate encrypts it, so that a copy of the data folder alone reveals nothing.
    /// </summary>
    private static void AddKeyRing(IServiceCollection services, SecurityOptions security, AugurPaths paths)
    {
        var folder = string.IsNullOrWhiteSpace(security.KeyRingDirectory) ? paths.DefaultKeyRing : Path.GetFullPath(security.KeyRingDirectory);
        var dataProtection = services.AddDataProtection()
            .SetApplicationName("Augur")
            .PersistKeysToFileSystem(new DirectoryInfo(folder));
        if (!string.IsNullOrWhiteSpace(security.KeyRingCertificate))
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(security.KeyRingCertificate, security.KeyRingCertificatePassword);
            // Unprotect needs the certificate too: on Linux there is no certificate store to find it in.
            dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }
    }

    /// <summary>Endpoints: routes and keys cached per node, live stats, and the background log writer and shadow worker.</summary>
    private static void AddServing(IServiceCollection services)
    {
        services.AddSingleton<EndpointRoutes>();
        services.AddSingleton<EndpointKeyCache>();
        services.AddSingleton<ServingStats>();
        services.AddSingleton<AutoRollback>();
        services.AddSingleton<PredictionLogQueue>();
        services.AddSingleton<ShadowQueue>();
        services.AddScoped<DeploymentService>();
        services.AddScoped<EndpointKeyService>();
        services.AddScoped<EndpointPredictionService>();
        services.AddSingleton(typeof(Monitoring.Remembered<>));
        services.AddScoped<Monitoring.MonitoringService>();
        services.AddScoped<Monitoring.AccuracyCheckService>();
        services.AddScoped<Monitoring.LiveAccuracyService>();
        services.AddScoped<Monitoring.AlertWebhooks>();
        // A webhook that does not answer within 10 seconds is tried again later (NotifyAlertJob), never waited on longer.
        // Its address is a secret, so the client logs nothing (its default logging writes every request's URL); it
        // follows no redirects and connects only to public addresses unless an administrator allows private ones.
        services.AddHttpClient(Monitoring.AlertWebhooks.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10))
            .RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(provider =>
            {
                var allowPrivate = provider.GetRequiredService<IOptions<Monitoring.MonitoringOptions>>().Value.AllowPrivateWebhooks;
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    ConnectCallback = (context, cancellationToken) => Monitoring.WebhookAddresses.ConnectAsync(context, allowPrivate, cancellationToken),
                };
            });
        services.AddScoped<Datasets.IDatasetUploadedHandler, Monitoring.CheckLiveModelsJob.OnUpload>();
        services.AddHostedService<PredictionLogWriter>();
        services.AddHostedService<ShadowWorker>();
    }
}
