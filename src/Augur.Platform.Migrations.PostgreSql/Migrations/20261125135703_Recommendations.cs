using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Augur.Platform.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class Recommendations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "Projects",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Tabular");

            migrationBuilder.CreateTable(
                name: "RecommenderRuns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    EventsDatasetId = table.Column<Guid>(type: "uuid", nullable: false),
                    CatalogueDatasetId = table.Column<Guid>(type: "uuid", nullable: true),
                    Model = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    SetupJson = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Reason = table.Column<string>(type: "text", nullable: true),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: true),
                    BundleKey = table.Column<string>(type: "text", nullable: true),
                    ReportsJson = table.Column<string>(type: "text", nullable: true),
                    Users = table.Column<int>(type: "integer", nullable: false),
                    Items = table.Column<int>(type: "integer", nullable: false),
                    Interactions = table.Column<long>(type: "bigint", nullable: false),
                    BatchKey = table.Column<string>(type: "text", nullable: true),
                    BatchAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    BatchUsers = table.Column<int>(type: "integer", nullable: false),
                    BatchSeconds = table.Column<double>(type: "double precision", nullable: true),
                    CreatedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecommenderRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RecommenderRuns_Datasets_CatalogueDatasetId",
                        column: x => x.CatalogueDatasetId,
                        principalTable: "Datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_RecommenderRuns_Datasets_EventsDatasetId",
                        column: x => x.EventsDatasetId,
                        principalTable: "Datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_RecommenderRuns_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RecommenderRuns_CatalogueDatasetId",
                table: "RecommenderRuns",
                column: "CatalogueDatasetId");

            migrationBuilder.CreateIndex(
                name: "IX_RecommenderRuns_EventsDatasetId",
                table: "RecommenderRuns",
                column: "EventsDatasetId");

            migrationBuilder.CreateIndex(
                name: "IX_RecommenderRuns_ProjectId_CreatedAt",
                table: "RecommenderRuns",
                columns: new[] { "ProjectId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RecommenderRuns_ProjectId_Version",
                table: "RecommenderRuns",
                columns: new[] { "ProjectId", "Version" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RecommenderRuns");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "Projects");
        }
    }
}
