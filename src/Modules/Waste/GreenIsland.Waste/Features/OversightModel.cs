using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GreenIsland.Waste.Features;

/// <summary>
/// Names the oversight tables' columns, keys, indexes and foreign keys the way the hand-written migration does
/// (snake_case; <c>pk_{table}</c>, <c>ix_{table}_{columns}</c>, <c>fk_{table}_{principal}_{column}</c>), so the
/// configurations state only what differs from the convention.
/// </summary>
internal static class OversightModel
{
    public static void SnakeCase(EntityTypeBuilder builder)
    {
        var entity = builder.Metadata;
        var table = entity.GetTableName() ?? throw new InvalidOperationException($"{entity.DisplayName()} has no table.");
        foreach (var property in entity.GetDeclaredProperties())
        {
            property.SetColumnName(ToSnakeCase(property.Name));
        }

        entity.FindPrimaryKey()?.SetName($"pk_{table}");
        foreach (var index in entity.GetDeclaredIndexes())
        {
            index.SetDatabaseName($"ix_{table}_{string.Join('_', index.Properties.Select(p => ToSnakeCase(p.Name)))}");
        }

        foreach (var foreignKey in entity.GetDeclaredForeignKeys().Where(f => f.GetConstraintName() is null || f.GetConstraintName()!.StartsWith("FK_", StringComparison.Ordinal)))
        {
            foreignKey.SetConstraintName($"fk_{table}_{foreignKey.PrincipalEntityType.GetTableName()}_{string.Join('_', foreignKey.Properties.Select(p => ToSnakeCase(p.Name)))}");
        }
    }

    public static string ToSnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]))))
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
