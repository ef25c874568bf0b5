using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Augur.Platform.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class RunOptions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "FalseNegativeCost",
                table: "TrainingRuns",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "FalsePositiveCost",
                table: "TrainingRuns",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RequestedMetric",
                table: "TrainingRuns",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RequestedTask",
                table: "TrainingRuns",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TimeColumn",
                table: "TrainingRuns",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FalseNegativeCost",
                table: "TrainingRuns");

            migrationBuilder.DropColumn(
                name: "FalsePositiveCost",
                table: "TrainingRuns");

            migrationBuilder.DropColumn(
                name: "RequestedMetric",
                table: "TrainingRuns");

            migrationBuilder.DropColumn(
                name: "RequestedTask",
                table: "TrainingRuns");

            migrationBuilder.DropColumn(
                name: "TimeColumn",
                table: "TrainingRuns");
        }
    }
}
