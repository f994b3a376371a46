using GreenIsland.Waste.Features.Dispatch;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GreenIsland.Waste.Persistence.Migrations;

/// <summary>Counts the wrong security codes typed for a stop, so the code locks after five (audit S5 M4).</summary>
[DbContext(typeof(WasteDbContext))]
[Migration("20261122020000_SecurityCodeFailures")]
internal sealed class SecurityCodeFailures : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var schema = WasteMigrationProvider.Schema(migrationBuilder);
        migrationBuilder.AddColumn<int>("security_code_failures", TripStop.Configuration.Table, nullable: false, defaultValue: 0, schema: schema);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        var schema = WasteMigrationProvider.Schema(migrationBuilder);
        migrationBuilder.DropColumn("security_code_failures", TripStop.Configuration.Table, schema);
    }
}
