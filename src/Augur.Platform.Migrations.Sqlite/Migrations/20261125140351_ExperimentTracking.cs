using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Augur.Platform.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ExperimentTracking : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Trials",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RunId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Attempt = table.Column<int>(type: "INTEGER", nullable: false),
                    Trainer = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    FailureReason = table.Column<string>(type: "TEXT", nullable: true),
                    Metric = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    Score = table.Column<double>(type: "REAL", nullable: true),
                    ParametersJson = table.Column<string>(type: "TEXT", nullable: false),
                    MetricsJson = table.Column<string>(type: "TEXT", nullable: false),
                    FoldMetricsJson = table.Column<string>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DurationSeconds = table.Column<double>(type: "REAL", nullable: false),
                    AllocatedBytes = table.Column<long>(type: "INTEGER", nullable: true),
                    CpuSeconds = table.Column<double>(type: "REAL", nullable: true),
                    WorkingSetBytes = table.Column<long>(type: "INTEGER", nullable: true),
                    Log = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ArtifactKey = table.Column<string>(type: "TEXT", nullable: true),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Trials", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Trials_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Trials_TrainingRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "TrainingRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TrialMetrics",
                columns: table => new
                {
                    TrialId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    ProjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RunId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Value = table.Column<double>(type: "REAL", nullable: false),
                    Trainer = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrialMetrics", x => new { x.TrialId, x.Key });
                    table.ForeignKey(
                        name: "FK_TrialMetrics_Trials_TrialId",
                        column: x => x.TrialId,
                        principalTable: "Trials",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TrialMetrics_ProjectId_Key_Trainer_Value_TrialId",
                table: "TrialMetrics",
                columns: new[] { "ProjectId", "Key", "Trainer", "Value", "TrialId" });

            migrationBuilder.CreateIndex(
                name: "IX_TrialMetrics_ProjectId_Key_Value_TrialId",
                table: "TrialMetrics",
                columns: new[] { "ProjectId", "Key", "Value", "TrialId" });

            migrationBuilder.CreateIndex(
                name: "IX_TrialMetrics_RunId_Key_Value_TrialId",
                table: "TrialMetrics",
                columns: new[] { "RunId", "Key", "Value", "TrialId" });

            migrationBuilder.CreateIndex(
                name: "IX_Trials_ProjectId_RecordedAt",
                table: "Trials",
                columns: new[] { "ProjectId", "RecordedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Trials_ProjectId_Trainer_Status",
                table: "Trials",
                columns: new[] { "ProjectId", "Trainer", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Trials_RunId_DurationSeconds",
                table: "Trials",
                columns: new[] { "RunId", "DurationSeconds" });

            migrationBuilder.CreateIndex(
                name: "IX_Trials_RunId_Number",
                table: "Trials",
                columns: new[] { "RunId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Trials_RunId_Score",
                table: "Trials",
                columns: new[] { "RunId", "Score" });

            migrationBuilder.CreateIndex(
                name: "IX_Trials_RunId_Trainer_Status",
                table: "Trials",
                columns: new[] { "RunId", "Trainer", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TrialMetrics");

            migrationBuilder.DropTable(
                name: "Trials");
        }
    }
}
