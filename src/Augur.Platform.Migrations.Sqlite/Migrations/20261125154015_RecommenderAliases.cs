using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Augur.Platform.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class RecommenderAliases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RecommenderAliases",
                columns: table => new
                {
                    ProjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    RunId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PreviousRunId = table.Column<Guid>(type: "TEXT", nullable: true),
                    UpdatedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecommenderAliases", x => new { x.ProjectId, x.Name });
                    table.ForeignKey(
                        name: "FK_RecommenderAliases_RecommenderRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "RecommenderRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RecommenderAliases_RunId",
                table: "RecommenderAliases",
                column: "RunId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RecommenderAliases");
        }
    }
}
