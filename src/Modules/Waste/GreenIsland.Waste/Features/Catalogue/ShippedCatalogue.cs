using System.Globalization;
using GreenIsland.Waste.Domain.Catalogue;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Waste.Features.Catalogue;

/// <summary>
/// The catalogue data shipped with the module (CatalogueData/*.csv, embedded): editions, the 46 categories per
/// edition, and the individual codes we can cite. Inserted at migration time when missing; never overwrites rows
/// an operator imported.
/// </summary>
internal static class ShippedCatalogue
{
    private static string Resource(string name)
    {
        using var stream = typeof(ShippedCatalogue).Assembly.GetManifestResourceStream($"GreenIsland.Waste.CatalogueData.{name}")
            ?? throw new InvalidOperationException($"Embedded catalogue file {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static IEnumerable<Dictionary<string, string>> Rows(string name)
    {
        var rows = CsvReader.Read(Resource(name));
        var header = rows[0];
        return rows.Skip(1).Where(r => r.Count == header.Count)
            .Select(r => header.Select((h, i) => (h, r[i])).ToDictionary(x => x.h, x => x.Item2, StringComparer.Ordinal));
    }

    public static IReadOnlyList<CatalogueEdition> Editions() =>
        Rows("editions.csv").Select(r => new CatalogueEdition
        {
            Code = r["edition"],
            Name = r["name"],
            EffectiveFrom = DateOnly.ParseExact(r["effective_from"], "yyyy-MM-dd", CultureInfo.InvariantCulture),
            Source = r["source"],
            Confidence = r["confidence"],
        }).ToList();

    public static IReadOnlyList<WasteCategoryEntry> Categories(IEnumerable<CatalogueEdition> editions)
    {
        var categories = Rows("categories.csv").ToList();
        return editions.SelectMany(e => categories.Select(c => new WasteCategoryEntry
        {
            Edition = e.Code,
            Code = c["category"],
            Number = int.Parse(c["category"].AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture),
            Name = c["name"],
            NameEn = c["name_en"],
            Source = e.Name,
            Confidence = "R",
        })).ToList();
    }

    public static IReadOnlyList<WasteCodeEntry> Codes(DateTime now) =>
        Rows("codes.csv").Select(r =>
        {
            if (!HazardousWasteCode.TryParse(r["code"], out var code, out var reason)
                || !HazardCharacteristics.TryParse(r["characteristics"], out var characteristics, out reason))
            {
                throw new InvalidOperationException($"Shipped code {r["code"]} is invalid: {reason}");
            }

            return new WasteCodeEntry
            {
                Id = Guid.CreateVersion7(),
                Edition = r["edition"],
                Code = code.Value,
                CategoryCode = code.CategoryCode,
                Name = r["name"],
                Characteristics = HazardCharacteristics.Format(characteristics),
                ExemptionNote = string.IsNullOrWhiteSpace(r["exemption_note"]) ? null : r["exemption_note"],
                Source = r["source"],
                Confidence = r["confidence"],
                IsShipped = true,
                UpdatedAt = now,
                UpdatedBy = "system",
            };
        }).ToList();

    public static async Task EnsureAsync(WasteDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var editions = Editions();
        var existingEditions = await db.Set<CatalogueEdition>().Select(e => e.Code).ToListAsync(cancellationToken);
        db.AddRange(editions.Where(e => !existingEditions.Contains(e.Code)));
        await db.SaveChangesAsync(cancellationToken);

        var existingCategories = (await db.Set<WasteCategoryEntry>().Select(c => new { c.Edition, c.Code }).ToListAsync(cancellationToken))
            .Select(c => (c.Edition, c.Code)).ToHashSet();
        db.AddRange(Categories(editions).Where(c => !existingCategories.Contains((c.Edition, c.Code))));
        await db.SaveChangesAsync(cancellationToken);

        var existingCodes = (await db.Set<WasteCodeEntry>().Select(c => new { c.Edition, c.Code }).ToListAsync(cancellationToken))
            .Select(c => (c.Edition, c.Code)).ToHashSet();
        db.AddRange(Codes(now).Where(c => !existingCodes.Contains((c.Edition, c.Code))));
        await db.SaveChangesAsync(cancellationToken);
    }
}
