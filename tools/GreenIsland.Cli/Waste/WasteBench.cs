using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GreenIsland.Host;
using GreenIsland.Platform.Contracts.Calendar;
using GreenIsland.Platform.Contracts.Devices;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Ledger;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Domain;
using GreenIsland.Platform.Persistence;
using GreenIsland.Platform.Tenancy;
using GreenIsland.SharedKernel.Geography;
using GreenIsland.SharedKernel.Organisations;
using GreenIsland.Waste.Features.Containers;
using GreenIsland.Waste.Features.Demo;
using GreenIsland.Waste.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GreenIsland.Cli.Waste;

/// <summary>
/// <c>bench waste</c>: (1) a simulated year for N registered units (default 9,100) served by 14 collectors, written with
/// the module's own history writer into a fresh database, then the command-centre endpoints called over HTTP on a real
/// Kestrel listener as the district regulator and as one collector's dispatcher (p50/p95 per endpoint); (2) one
/// collector's day of 300 stops and 12 vehicles planned by the routing library against a naive nearest-neighbour plan.
/// Prints Markdown rows for docs/benchmarks.md.
/// </summary>
internal static class WasteBench
{
    private const string Password = "Bench-Passw0rd-42";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Command()
    {
        var units = new Option<int>("--units") { Description = "Registered units (enterprises) with a year of history", DefaultValueFactory = _ => 9_100 };
        var collectors = new Option<int>("--collectors") { Description = "Collection companies", DefaultValueFactory = _ => 14 };
        var requests = new Option<int>("--requests") { Description = "Timed requests per endpoint and role", DefaultValueFactory = _ => 100 };
        var stops = new Option<int>("--stops") { Description = "Stops of the dispatch day", DefaultValueFactory = _ => 300 };
        var vehicles = new Option<int>("--vehicles") { Description = "Vehicles of the dispatch day", DefaultValueFactory = _ => 12 };
        var seconds = new Option<double>("--solver-seconds") { Description = "Routing time limit", DefaultValueFactory = _ => 30 };
        var skipApi = new Option<bool>("--skip-api") { Description = "Only the dispatch part" };
        var skipDispatch = new Option<bool>("--skip-dispatch") { Description = "Only the command-centre part" };
        var noLedger = new Option<bool>("--no-ledger")
        {
            Description = "Write the year's manifest transitions without their ledger entries (faster arrange; the demo seed writes them)",
        };
        var cmd = new Command("waste", "Benchmark the waste command centre over a simulated year and the dispatch day against a nearest-neighbour plan")
        {
            units, collectors, requests, stops, vehicles, seconds, skipApi, skipDispatch, noLedger,
        };
        cmd.SetAction(async (pr, ct) =>
        {
            if (!pr.GetValue(skipDispatch))
            {
                var d = WasteDispatchBench.Run(pr.GetValue(stops), pr.GetValue(vehicles), TimeSpan.FromSeconds(pr.GetValue(seconds)), seed: 1);
                Console.WriteLine("| plan | stops | vehicles | time (s) | best found at (s) | trips | stops served | km | km per stop served | feasible (checker) |");
                Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
                Console.WriteLine(string.Create(Inv, $"| routing library | {d.Stops} | {d.Vehicles} | {d.SolverSeconds:0.0} | {d.SolverSecondsToBest:0.0} | {d.SolverTrips} | {d.SolverServed} | {d.SolverKm:0.0} | {d.SolverKm / Math.Max(1, d.SolverServed):0.00} | {d.SolverFeasible} |"));
                Console.WriteLine(string.Create(Inv, $"| nearest neighbour | {d.Stops} | {d.Vehicles} | - | - | {d.NaiveTrips} | {d.NaiveServed} | {d.NaiveKm:0.0} | {d.NaiveKm / Math.Max(1, d.NaiveServed):0.00} | {d.NaiveFeasible} |"));
                Console.WriteLine(string.Create(Inv, $"distance saved vs nearest neighbour: {(1 - (d.SolverKm / d.NaiveKm)) * 100:0.0} % ({d.Iterations} iterations)"));
            }

            if (!pr.GetValue(skipApi))
            {
                await RunApiAsync(pr.GetValue(units), pr.GetValue(collectors), pr.GetValue(requests), !pr.GetValue(noLedger), ct);
            }

            return 0;
        });
        return cmd;
    }

    private static async Task RunApiAsync(int units, int collectorCount, int requests, bool withLedger, CancellationToken ct)
    {
        var file = Path.Combine(Path.GetTempPath(), $"gi-bench-waste-{Guid.NewGuid():N}.db");
        try
        {
            await using var app = GreenIslandApplication.Build([], builder =>
            {
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Database:Provider"] = "Sqlite",
                    ["ConnectionStrings:GreenIsland"] = $"Data Source={file}",
                    ["Database:MigrateOnStartup"] = "true",
                    ["Demo:Seed"] = "false",
                    ["Demo:Enabled"] = "false",
                    ["Telemetry:BackgroundJobs"] = "false",
                    ["Waste:Webhooks:BackgroundDelivery"] = "false",
                    ["RateLimiting:PermitLimit"] = "1000000",
                    ["RateLimiting:CredentialsPermitLimit"] = "1000000",
                    // Today's plans are arranged, not measured: a short solve per collector is enough.
                    ["Waste:Dispatch:SolverSeconds"] = "2",
                });
                builder.WebHost.UseUrls("http://127.0.0.1:0");
                builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Error);
            });
            await using (var scope = app.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<DatabaseInitialiser>().MigrateAsync(ct);
            }

            var arrange = Stopwatch.StartNew();
            var (regulator, dispatchers, summary, sampleCodes) = await ArrangeAsync(app.Services, units, collectorCount, withLedger, ct);
            var dispatcher = dispatchers[0].Dispatcher;
            arrange.Stop();
            Console.WriteLine(string.Create(Inv, $"arranged in {arrange.Elapsed.TotalSeconds:0} s: {summary}"));

            await app.StartAsync(ct);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(2) };
            await PlanTodayAsync(http, dispatchers, ct);
            var rows = new List<string>();
            foreach (var (role, user) in new[] { ("regulator (district)", regulator), ("collector dispatcher", dispatcher) })
            {
                var token = await TokenAsync(http, user, ct);
                foreach (var path in new[]
                         {
                             "/api/waste/command-centre/cabinets", AllCabinetPages, "/api/waste/command-centre/alerts", "/api/waste/command-centre/trips-today",
                             "/api/waste/command-centre/manifests", "/api/waste/command-centre/tonnage?by=category", "/api/waste/command-centre/tonnage?by=town",
                             "/api/waste/command-centre/tonnage?by=month", "/api/waste/command-centre/trace/{code}",
                         })
                {
                    var times = new List<double>();
                    var bytes = 0L;
                    for (var i = 0; i < requests + 5; i++)
                    {
                        // The whole map: every page of the cabinets endpoint, one after another, as the web map loads it.
                        var sw = Stopwatch.StartNew();
                        var total = 0L;
                        string? after = null;
                        do
                        {
                            var url = path == AllCabinetPages
                                ? "/api/waste/command-centre/cabinets" + (after is null ? string.Empty : "?after=" + Uri.EscapeDataString(after))
                                : path.Replace("{code}", sampleCodes[i % sampleCodes.Count], StringComparison.Ordinal);
                            using var request = new HttpRequestMessage(HttpMethod.Get, url);
                            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                            using var response = await http.SendAsync(request, ct);
                            var body = await response.Content.ReadAsByteArrayAsync(ct);
                            total += body.Length;
                            if (!response.IsSuccessStatusCode && !(path.Contains("trace", StringComparison.Ordinal) && role.StartsWith("collector", StringComparison.Ordinal)))
                            {
                                throw new InvalidOperationException($"{url} as {role}: HTTP {(int)response.StatusCode}");
                            }

                            after = path == AllCabinetPages ? (string?)JsonNode.Parse(body)?["next"] : null;
                        }
                        while (after is not null);
                        sw.Stop();

                        if (i >= 5)
                        {
                            times.Add(sw.Elapsed.TotalMilliseconds);
                            bytes = total;
                        }
                    }

                    times.Sort();
                    rows.Add(string.Create(Inv, $"| {role} | `{path}` | {Percentile(times, 0.5):0.0} | {Percentile(times, 0.95):0.0} | {bytes / 1024.0:0.0} |"));
                }
            }

            Console.WriteLine("| role | endpoint | p50 (ms) | p95 (ms) | response (KiB) |");
            Console.WriteLine("|---|---|---:|---:|---:|");
            rows.ForEach(Console.WriteLine);
            await app.StopAsync(ct);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
            {
                File.Delete(file + suffix);
            }
        }
    }

    private const string AllCabinetPages = "/api/waste/command-centre/cabinets (all pages)";

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static async Task<string> TokenAsync(HttpClient http, string user, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync("/api/auth/token", new { userName = user, password = Password }, ct);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(ct);
        return (string)body!["accessToken"]!;
    }

    /// <summary>
    /// The history ends yesterday; today is what the collectors' dispatchers do each morning, through the API: plan the
    /// day from the open pickup requests (the cabinets past the threshold now) and publish every trip to the drivers.
    /// So <c>trips-today</c> is timed over a real day's trips, not an empty list.
    /// </summary>
    private static async Task PlanTodayAsync(HttpClient http, IReadOnlyList<(string Dispatcher, Guid Driver)> dispatchers, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        int trips = 0, stops = 0, unplanned = 0;
        foreach (var (user, driver) in dispatchers)
        {
            var token = await TokenAsync(http, user, ct);
            var plan = await SendAsync(http, token, "/api/waste/dispatch/plans", new JsonObject(), ct);
            unplanned += plan["unplanned"]!.AsArray().Count;
            foreach (var trip in plan["trips"]!.AsArray())
            {
                trips++;
                stops += trip!["stops"]!.AsArray().Count;
                await SendAsync(http, token, $"/api/waste/dispatch/trips/{(string)trip["id"]!}/publish", new JsonObject { ["driverUserId"] = driver }, ct);
            }
        }

        Console.WriteLine(string.Create(Inv,
            $"today: {dispatchers.Count} dispatchers planned and published {trips} trips with {stops} stops ({unplanned} requests left for another day) in {clock.Elapsed.TotalSeconds:0} s"));
    }

    private static async Task<JsonNode> SendAsync(HttpClient http, string token, string url, JsonObject body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {url}: HTTP {(int)response.StatusCode} {text}");
        }

        return JsonNode.Parse(text)!;
    }

    private static async Task<(string Regulator, List<(string Dispatcher, Guid Driver)> Dispatchers, HistorySummary Summary, List<string> Codes)> ArrangeAsync(
        IServiceProvider services, int units, int collectorCount, bool withLedger, CancellationToken ct)
    {
        var random = new Random(9100);
        var clock = services.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorContext>().UseSystem();
        var platform = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        platform.ChangeTracker.AutoDetectChangesEnabled = false;

        var district = Jurisdiction.District(JurisdictionId.New(), "329901", "基准区", "Bench District", 31.70, 120.05, isDemo: false);
        platform.Jurisdictions.Add(district);
        await platform.SaveChangesAsync(ct);
        var towns = Enumerable.Range(0, 12).Select(i => Jurisdiction.Town(JurisdictionId.New(), district, string.Create(Inv, $"329901{i + 1:000}"), $"基准镇{i + 1}",
            $"Bench town {i + 1}", 31.55 + (random.NextDouble() * 0.3), 119.90 + (random.NextDouble() * 0.3), isDemo: false)).ToList();
        platform.Jurisdictions.AddRange(towns);

        Organisation Org(string name, OrganisationType type, Jurisdiction town, Jurisdiction? supervised = null) =>
            Organisation.Register(OrganisationId.New(), name, type, UnifiedSocialCreditCode.Parse(CreditCode(random)), town, supervised, "联系人", "13800000000", isDemo: false, now);

        Site SiteOf(Organisation o, Jurisdiction town, string suffix)
        {
            GeoPoint.TryCreate(town.CentreLatitudeDeg + ((random.NextDouble() - 0.5) * 0.06), town.CentreLongitudeDeg + ((random.NextDouble() - 0.5) * 0.06),
                out var location, out _, out _);
            return Site.Open(SiteId.New(), o.Id, o.Name + suffix, "基准路" + random.Next(1, 999) + "号", town, location, "3360", isDemo: false, now);
        }

        var regulatorOrg = Org("基准区生态环境局", OrganisationType.Regulator, towns[0], district);
        var receiverOrg = Org("基准危废处置中心", OrganisationType.DisposalFacility, towns[1]);
        var collectorOrgs = Enumerable.Range(0, collectorCount).Select(i => Org($"基准收集单位{i + 1:00}", OrganisationType.Collector, towns[i % towns.Count])).ToList();
        var enterpriseOrgs = Enumerable.Range(0, units).Select(i => Org($"基准企业{i + 1:00000}", OrganisationType.Enterprise, towns[i % towns.Count])).ToList();
        platform.Organisations.AddRange([regulatorOrg, receiverOrg, .. collectorOrgs, .. enterpriseOrgs]);
        var collectorSites = collectorOrgs.Select(o => SiteOf(o, towns[collectorOrgs.IndexOf(o) % towns.Count], "中转库")).ToList();
        var enterpriseSites = enterpriseOrgs.Select((o, i) => SiteOf(o, towns[i % towns.Count], "厂区")).ToList();
        platform.Sites.AddRange([.. collectorSites, .. enterpriseSites]);
        await platform.SaveChangesAsync(ct);

        var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
        async Task<(string Name, Guid Id)> UserAsync(OrganisationId org, string role, string name)
        {
            var user = new PlatformUser { Id = Guid.CreateVersion7(), UserName = name, DisplayName = name, OrganisationId = org, IsActive = true, CreatedAt = now };
            var created = await users.CreateAsync(user, Password);
            if (!created.Succeeded || !(await users.AddToRoleAsync(user, role)).Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
            }

            return (name, user.Id);
        }

        var (regulator, _) = await UserAsync(regulatorOrg.Id, PlatformRoles.Regulator, "bench.regulator");
        var dispatchers = new List<(string Dispatcher, Guid Driver)>();
        foreach (var (o, i) in collectorOrgs.Select((o, i) => (o, i)))
        {
            var (dispatcherName, _) = await UserAsync(o.Id, PlatformRoles.CollectorDispatcher, i == 0 ? "bench.dispatcher" : string.Create(Inv, $"bench.dispatcher{i + 1:00}"));
            var (_, driver) = await UserAsync(o.Id, PlatformRoles.Driver, string.Create(Inv, $"bench.driver{i + 1:00}"));
            dispatchers.Add((dispatcherName, driver));
        }

        var db = scope.ServiceProvider.GetRequiredService<WasteDbContext>();
        // Like the demo seed: every cabinet is a device of the platform registry (with its DeviceRegistered ledger entry),
        // and, unless --no-ledger, every manifest transition goes on the hash-chained ledger, in the same transaction.
        var history = new WasteHistory(db, scope.ServiceProvider.GetRequiredService<IWorkingCalendar>(), scope.ServiceProvider.GetRequiredService<IDeviceRegistry>(),
            withLedger ? scope.ServiceProvider.GetRequiredService<ILedger>() : null, clock);
        var generators = enterpriseOrgs.Select((o, i) => new HistoryGenerator(o.Id, o.Name, o.CreditCode, enterpriseSites[i].Id, enterpriseSites[i].Name,
            enterpriseSites[i].Address, district.Id, towns[i % towns.Count].Id, enterpriseSites[i].Location.Latitude, enterpriseSites[i].Location.Longitude)).ToList();
        var collectors = collectorOrgs.Select((o, i) => new HistoryCollector(o.Id, o.Name, collectorSites[i].Id, collectorSites[i].Name, collectorSites[i].Address,
            district.Id, towns[i % towns.Count].Id, collectorSites[i].Location.Latitude, collectorSites[i].Location.Longitude)).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var summary = await history.WriteAsync(generators, collectors, new HistoryReceiver(receiverOrg.Id, receiverOrg.Name), "3299", now, 365, 9100, demo: false, ct);
        await transaction.CommitAsync(ct);
        var codes = await db.Set<WasteContainer>().IgnoreQueryFilters().AsNoTracking().OrderBy(c => c.Id).Select(c => c.Code).Take(200).ToListAsync(ct);
        return (regulator, dispatchers, summary, codes.OrderBy(_ => random.Next()).ToList());
    }

    private static string CreditCode(Random random)
    {
        const string alphabet = UnifiedSocialCreditCode.Alphabet;
        var chars = new char[17];
        "91329901".CopyTo(0, chars, 0, 8);
        for (var i = 8; i < 17; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        var first17 = new string(chars);
        return first17 + UnifiedSocialCreditCode.ComputeCheckCharacter(first17);
    }
}
