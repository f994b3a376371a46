using System.CommandLine;
using System.Data.Common;
using Stopwatch = System.Diagnostics.Stopwatch;
using System.Globalization;
using GreenIsland.Carbon.Domain.Factors;
using GreenIsland.Carbon.Domain.Inventories;
using GreenIsland.Carbon.Domain.Units;
using GreenIsland.Carbon.Persistence;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Tenancy;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GreenIsland.Cli.Carbon;

/// <summary>
/// <c>bench carbon</c>: recalculates annual inventories for N enterprises x 12 months of activity data (read the
/// records, calculate with the shipped factor libraries, write every line and the totals) and, in the same run and
/// database, times a plain SQL aggregate over the same rows. Prints a Markdown table row.
/// </summary>
internal static class CarbonBench
{
    public static Command Command()
    {
        var provider = new Option<string>("--provider") { Description = "sqlite or postgres", DefaultValueFactory = _ => "sqlite" };
        var enterprises = new Option<int>("--enterprises") { Description = "Enterprises (one site each, 12 months, electricity and natural gas)", DefaultValueFactory = _ => 10_000 };
        var connection = new Option<string?>("--connection") { Description = "PostgreSQL: a connection string of a user who may create databases (a throwaway database is created and dropped)" };
        var cmd = new Command("carbon", "Benchmark inventory recalculation against a plain SQL aggregate over the same activity rows") { provider, enterprises, connection };
        cmd.SetAction((pr, ct) => RunAsync(pr.GetValue(provider)!, Math.Clamp(pr.GetValue(enterprises), 1, 100_000), pr.GetValue(connection), ct));
        return cmd;
    }

    private sealed class AllScope : ITenantScopeProvider
    {
        public TenantScope Current => TenantScope.Everything;
    }

    private static async Task<int> RunAsync(string provider, int enterprises, string? adminConnection, CancellationToken ct)
    {
        var postgres = provider switch
        {
            "sqlite" => false,
            "postgres" => true,
            _ => throw new ArgumentException("--provider must be sqlite or postgres"),
        };
        if (postgres && adminConnection is null)
        {
            await Console.Error.WriteLineAsync("--connection is required for postgres (for example Host=127.0.0.1;Port=5432;Username=gi;Database=postgres).");
            return 2;
        }

        string connectionString;
        string? sqliteFile = null;
        string? database = null;
        if (postgres)
        {
            database = "gi_bench_carbon_" + Guid.NewGuid().ToString("N")[..8];
            await using (var admin = new NpgsqlConnection(adminConnection))
            {
                await admin.OpenAsync(ct);
                await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
                await create.ExecuteNonQueryAsync(ct);
            }

            connectionString = new NpgsqlConnectionStringBuilder(adminConnection) { Database = database }.ConnectionString;
        }
        else
        {
            sqliteFile = Path.Combine(Path.GetTempPath(), $"gi-bench-carbon-{Guid.NewGuid():N}.db");
            connectionString = $"Data Source={sqliteFile}";
        }

        try
        {
            return await RunOnAsync(postgres, connectionString, enterprises, ct);
        }
        finally
        {
            if (sqliteFile is not null)
            {
                SqliteConnection.ClearAllPools();
                foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
                {
                    File.Delete(sqliteFile + suffix);
                }
            }

            if (database is not null)
            {
                NpgsqlConnection.ClearAllPools();
                await using var admin = new NpgsqlConnection(adminConnection);
                await admin.OpenAsync(CancellationToken.None);
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
    }

    private static CarbonDbContext NewContext(bool postgres, string connectionString)
    {
        var options = new DbContextOptionsBuilder<CarbonDbContext>();
        if (postgres)
        {
            options.UseNpgsql(connectionString);
        }
        else
        {
            options.UseSqlite(connectionString);
        }

        options.ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.PendingModelChangesWarning));
        return new CarbonDbContext(options.Options, new AllScope());
    }

    private static async Task<int> RunOnAsync(bool postgres, string connectionString, int enterprises, CancellationToken ct)
    {
        await using (var db = NewContext(postgres, connectionString))
        {
            await db.Database.MigrateAsync(ct);
        }

        // Library versions the lines point at (rows as the migrator would publish them; no ledger in this harness).
        var libraryIds = new Dictionary<string, Guid>(StringComparer.Ordinal);
        await using (var db = NewContext(postgres, connectionString))
        {
            foreach (var library in ShippedLibraries.All)
            {
                var row = new FactorLibraryVersionRow
                {
                    Id = Guid.CreateVersion7(), Code = library.Library, Version = 1, Name = library.Name, SourceDocument = library.SourceDocument,
                    ContentCsv = FactorCsv.Write(library.Factors), ContentSha256 = new string('0', 64), IsShipped = true,
                    PublishedAt = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), PublishedBy = "bench",
                };
                db.FactorLibraries.Add(row);
                libraryIds[library.Library] = row.Id;
            }

            await db.SaveChangesAsync(ct);
        }

        // Arrange: N enterprises, one site each, 12 months of purchased electricity (kWh) and natural gas (Nm3), one inventory each.
        var random = new Random(20221);
        var organisations = Enumerable.Range(0, enterprises).Select(_ => (Org: OrganisationId.New(), Site: SiteId.New())).ToList();
        var arrange = Stopwatch.StartNew();
        var rows = 0;
        foreach (var chunk in organisations.Chunk(500))
        {
            await using var db = NewContext(postgres, connectionString);
            foreach (var (org, site) in chunk)
            {
                for (var month = 1; month <= 12; month++)
                {
                    db.Activities.Add(Record(org, site, month, ActivityKind.PurchasedElectricity, null, Math.Round((decimal)(random.NextDouble() * 200_000 + 5_000), 1), "kWh"));
                    db.Activities.Add(Record(org, site, month, ActivityKind.StationaryCombustion, "fuel.natural-gas", Math.Round((decimal)(random.NextDouble() * 20_000), 2), "Nm3"));
                    rows += 2;
                }

                db.Inventories.Add(Inventory.Create(Guid.CreateVersion7(), org, null, null, "bench", new DateOnly(2022, 1, 1), new DateOnly(2022, 12, 31),
                    "CN-JS", ShippedLibraries.GwpAr5, [site], new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), "bench"));
            }

            await db.SaveChangesAsync(ct);
        }

        arrange.Stop();
        var factors = new InventoryFactors(ShippedLibraries.Get(ShippedLibraries.GridStatistical), ShippedLibraries.Get(ShippedLibraries.ChinaFuelGuideline),
            new GwpSet(ShippedLibraries.Get(ShippedLibraries.GwpAr5)), ShippedLibraries.Get(ShippedLibraries.StandardCoal), "CN-JS");

        // Timed: recalculate every inventory (read records, calculate, write lines and totals), 500 enterprises per transaction.
        var read = TimeSpan.Zero;
        var calculate = TimeSpan.Zero;
        var write = TimeSpan.Zero;
        var lines = 0;
        var energyLines = 0;
        var writeTotals = TimeSpan.Zero;
        var writeLines = TimeSpan.Zero;
        decimal grandScope2 = 0;
        var cpuBefore = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var total = Stopwatch.StartNew();
        foreach (var chunk in organisations.Chunk(500))
        {
            await using var db = NewContext(postgres, connectionString);
            var sw = Stopwatch.StartNew();
            var orgIds = chunk.Select(c => c.Org).ToList();
            var siteIds = chunk.Select(c => c.Site).ToList();
            var inventories = await db.Inventories.Include(i => i.Sites).Where(i => orgIds.Contains(i.OrganisationId)).ToListAsync(ct);
            var records = await db.Activities.AsNoTracking().Where(a => siteIds.Contains(a.SiteId)).ToListAsync(ct);
            read += sw.Elapsed;
            sw.Restart();
            var bySite = records.ToLookup(r => r.SiteId);
            var results = new List<(Inventory Inventory, InventoryCalculation Calculation)>(inventories.Count);
            foreach (var inventory in inventories)
            {
                var inputs = inventory.Sites.SelectMany(s => bySite[s.SiteId])
                    .Select(r => new ActivityInput(r.Id, r.SiteId.Value, r.Month, r.Kind, r.ActivityCode, Quantity.Of(r.QuantityValue, r.QuantityUnit))).ToList();
                results.Add((inventory, InventoryCalculator.Calculate(inputs, factors)));
            }

            calculate += sw.Elapsed;
            sw.Restart();
            var now = new DateTime(2026, 1, 2, 0, 0, 0, DateTimeKind.Utc);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var chunkLines = new List<InventoryLine>();
            var chunkEnergy = new List<InventoryEnergyLine>();
            foreach (var (inventory, calculation) in results)
            {
                inventory.RecordCalculation(calculation, now);
                grandScope2 += inventory.Scope2LocationTco2e!.Value;
                foreach (var l in calculation.Lines)
                {
                    chunkLines.Add(new InventoryLine
                    {
                        Id = Guid.CreateVersion7(), InventoryId = inventory.Id, ActivityRecordId = l.RecordId, SiteId = new SiteId(l.SiteId), Month = l.Month,
                        Scope = l.Scope, Category = l.Category, Gas = l.Line.Gas, GasMassKg = l.Line.GasMassKg, Gwp = l.Line.Gwp, Co2eKg = l.Line.Co2eKg,
                        FactorLibraryVersionId = libraryIds[l.Line.Factor.Library], FactorCode = l.Line.Factor.FactorCode, FactorRegion = l.Line.Factor.Region,
                        FactorValidFrom = l.Line.Factor.ValidFrom,
                    });
                }

                foreach (var e in calculation.Energy)
                {
                    chunkEnergy.Add(new InventoryEnergyLine
                    {
                        Id = Guid.CreateVersion7(), InventoryId = inventory.Id, ActivityRecordId = e.RecordId, SiteId = new SiteId(e.SiteId), Month = e.Month,
                        Kgce = e.Kgce, FactorLibraryVersionId = libraryIds[e.Factor.Library], FactorCode = e.Factor.FactorCode,
                    });
                }
            }

            // Totals through EF (one UPDATE per inventory, batched); lines and energy lines in bulk (COPY / prepared multi-row INSERT).
            await db.SaveChangesAsync(ct);
            writeTotals += sw.Elapsed;
            var bulk = Stopwatch.StartNew();
            lines += await BulkInsert.InsertAsync(db, chunkLines, ct);
            energyLines += await BulkInsert.InsertAsync(db, chunkEnergy, ct);
            await transaction.CommitAsync(ct);
            writeLines += bulk.Elapsed;
            write += sw.Elapsed;
        }

        total.Stop();
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

        // The same rows, summed by SQL per site and kind (floating-point on SQLite, where quantities are stored as text).
        var aggregate = Stopwatch.StartNew();
        long groups;
        await using (var db = NewContext(postgres, connectionString))
        {
            var table = postgres ? $"{CarbonDbContext.Module}.{CarbonDbContext.ActivitiesTable}" : CarbonDbContext.ActivitiesTable;
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync(ct);
            await using DbCommand command = connection.CreateCommand();
            command.CommandText = $"SELECT count(*) FROM (SELECT site_id, kind, sum(quantity_value) FROM {table} GROUP BY site_id, kind) g";
            groups = Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }

        aggregate.Stop();
        var name = postgres ? "PostgreSQL 15" : "SQLite";
        Console.WriteLine($"| {name} | {enterprises:N0} | {rows:N0} | {lines:N0} + {energyLines:N0} | {total.Elapsed.TotalSeconds:F1} s (read {read.TotalSeconds:F1}, calculate {calculate.TotalSeconds:F1}, write {write.TotalSeconds:F1}: totals {writeTotals.TotalSeconds:F1}, lines {writeLines.TotalSeconds:F1}) "
                          + $"| {enterprises / total.Elapsed.TotalSeconds:F0} | {aggregate.Elapsed.TotalMilliseconds:F0} ms ({groups:N0} groups) | {arrange.Elapsed.TotalSeconds:F1} s |");
        Console.WriteLine($"recalculation CPU time of this process: {cpu.TotalSeconds:F1} s (wall {total.Elapsed.TotalSeconds:F1} s); load average at the end: {LoadAverage()}");
        Console.WriteLine($"check: sum of Scope 2 location-based over all inventories = {grandScope2:F3} tCO2");
        return 0;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static ActivityRecord Record(OrganisationId org, SiteId site, int month, ActivityKind kind, string? code, decimal value, string unit) => new()
    {
        Id = Guid.CreateVersion7(), OrganisationId = org, SiteId = site, Month = new DateOnly(2022, month, 1), Kind = kind, ActivityCode = code,
        QuantityValue = value, QuantityUnit = unit, Source = ActivitySource.Manual, CreatedAt = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), CreatedBy = "bench",
    };
}
