using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Augur.Platform.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class StudyWorkers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "LeaseUntil",
                table: "Trials",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SettingsJson",
                table: "Trials",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WorkerId",
                table: "Trials",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "CancelRequestedAt",
                table: "TrainingRuns",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FinalisedBy",
                table: "TrainingRuns",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "MaxTrials",
                table: "TrainingRuns",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Parallelism",
                table: "TrainingRuns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LeaseUntil",
                table: "Trials");

            migrationBuilder.DropColumn(
                name: "SettingsJson",
                table: "Trials");

            migrationBuilder.DropColumn(
                name: "WorkerId",
                table: "Trials");

            migrationBuilder.DropColumn(
                name: "CancelRequestedAt",
                table: "TrainingRuns");

            migrationBuilder.DropColumn(
                name: "FinalisedBy",
                table: "TrainingRuns");

            migrationBuilder.DropColumn(
                name: "MaxTrials",
                table: "TrainingRuns");

            migrationBuilder.DropColumn(
                name: "Parallelism",
                table: "TrainingRuns");
        }
    }
}
