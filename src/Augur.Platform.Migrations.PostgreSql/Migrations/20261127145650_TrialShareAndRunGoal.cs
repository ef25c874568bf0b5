using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Augur.Platform.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class TrialShareAndRunGoal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Trials stored before this ran on all the rows: 1, not 0, or they would read as screening trials.
            migrationBuilder.AddColumn<double>(
                name: "DataFraction",
                table: "Trials",
                type: "double precision",
                nullable: false,
                defaultValue: 1.0);

            migrationBuilder.AddColumn<string>(
                name: "Goal",
                table: "TrainingRuns",
                type: "character varying(60)",
                maxLength: 60,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "GoalMet",
                table: "TrainingRuns",
                type: "boolean",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DataFraction",
                table: "Trials");

            migrationBuilder.DropColumn(
                name: "Goal",
                table: "TrainingRuns");

            migrationBuilder.DropColumn(
                name: "GoalMet",
                table: "TrainingRuns");
        }
    }
}
