using GreenIsland.Waste.Features.Declarations;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GreenIsland.Waste.Persistence.Migrations;

/// <summary>
/// Declaration lines carry the weighing difference (称重差异) so opening + generated + difference - transferred = closing
/// (audit S5 M5). Lines pre-filled before this migration get the difference that makes them balance.
/// </summary>
[DbContext(typeof(WasteDbContext))]
[Migration("20261122021000_DeclarationWeighingDifference")]
internal sealed class DeclarationWeighingDifference : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var schema = WasteMigrationProvider.Schema(migrationBuilder);
        migrationBuilder.AddColumn<long>("weighing_difference_g", DeclarationLine.Configuration.Table, nullable: false, defaultValue: 0L, schema: schema);
        var table = schema is null ? DeclarationLine.Configuration.Table : $"{schema}.{DeclarationLine.Configuration.Table}";
        migrationBuilder.Sql($"UPDATE {table} SET weighing_difference_g = closing_g - opening_g - generated_g + transferred_g;");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        var schema = WasteMigrationProvider.Schema(migrationBuilder);
        migrationBuilder.DropColumn("weighing_difference_g", DeclarationLine.Configuration.Table, schema);
    }
}
