using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Augur.Platform.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class Monitoring : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AccuracyChecks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    ModelName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ModelVersionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    DatasetId = table.Column<Guid>(type: "uuid", nullable: false),
                    DatasetName = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Rows = table.Column<int>(type: "integer", nullable: false),
                    LeftOut = table.Column<int>(type: "integer", nullable: false),
                    Metric = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Value = table.Column<double>(type: "double precision", nullable: false),
                    TrainedValue = table.Column<double>(type: "double precision", nullable: false),
                    MetricsJson = table.Column<string>(type: "text", nullable: false),
                    Verdict = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    CheckedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CheckedBy = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccuracyChecks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AccuracyChecks_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Alerts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    DeploymentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Endpoint = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Message = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    RaisedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DismissedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DismissedBy = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Alerts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Alerts_Deployments_DeploymentId",
                        column: x => x.DeploymentId,
                        principalTable: "Deployments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AccuracyChecks_ProjectId_ModelName_CheckedAt",
                table: "AccuracyChecks",
                columns: new[] { "ProjectId", "ModelName", "CheckedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Alerts_DeploymentId_Version_Kind",
                table: "Alerts",
                columns: new[] { "DeploymentId", "Version", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_Alerts_ProjectId_DismissedAt",
                table: "Alerts",
                columns: new[] { "ProjectId", "DismissedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AccuracyChecks");

            migrationBuilder.DropTable(
                name: "Alerts");
        }
    }
}
