using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Augur.Platform.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class PredictionOutcomes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Outcome",
                table: "PredictionLogs",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "OutcomeAt",
                table: "PredictionLogs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "PredictionId",
                table: "PredictionLogs",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_PredictionLogs_DeploymentId_OutcomeAt",
                table: "PredictionLogs",
                columns: new[] { "DeploymentId", "OutcomeAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PredictionLogs_DeploymentId_PredictionId",
                table: "PredictionLogs",
                columns: new[] { "DeploymentId", "PredictionId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PredictionLogs_DeploymentId_OutcomeAt",
                table: "PredictionLogs");

            migrationBuilder.DropIndex(
                name: "IX_PredictionLogs_DeploymentId_PredictionId",
                table: "PredictionLogs");

            migrationBuilder.DropColumn(
                name: "Outcome",
                table: "PredictionLogs");

            migrationBuilder.DropColumn(
                name: "OutcomeAt",
                table: "PredictionLogs");

            migrationBuilder.DropColumn(
                name: "PredictionId",
                table: "PredictionLogs");
        }
    }
}
