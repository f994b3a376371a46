using System.Globalization;
using GreenIsland.Platform.Contracts.Calendar;
using GreenIsland.Platform.Contracts.Devices;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Ledger;
using GreenIsland.Waste.Contracts;
using GreenIsland.Waste.Domain;
using GreenIsland.Waste.Domain.Dispatch;
using GreenIsland.Waste.Domain.Manifests;
using GreenIsland.Waste.Domain.Streams;
using GreenIsland.Waste.Features.Alerts;
using GreenIsland.Waste.Features.Cabinets;
using GreenIsland.Waste.Features.CommandCentre;
using GreenIsland.Waste.Features.Containers;
using GreenIsland.Waste.Features.Declarations;
using GreenIsland.Waste.Features.Dispatch;
using GreenIsland.Waste.Features.Driver;
using GreenIsland.Waste.Features.Manifests;
using GreenIsland.Waste.Features.PickupRequests;
using GreenIsland.Waste.Features.Plans;
using GreenIsland.Waste.Features.ServiceAgreements;
using GreenIsland.Waste.Features.Streams;
using GreenIsland.Waste.Features.Vehicles;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Waste.Features.Demo;

internal sealed record HistoryGenerator(OrganisationId Id, string Name, string CreditCode, SiteId SiteId, string SiteName, string Address,
    JurisdictionId DistrictId, JurisdictionId TownId, double Latitude, double Longitude);

internal sealed record HistoryCollector(OrganisationId Id, string Name, SiteId DepotSiteId, string DepotName, string DepotAddress,
    JurisdictionId DistrictId, JurisdictionId TownId, double Latitude, double Longitude);

internal sealed record HistoryReceiver(OrganisationId Id, string Name);

internal sealed record HistorySummary(int Generators, int Containers, int Pickups, int Trips, int Manifests, int ManifestEvents, TimeSpan LedgerTime)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Generators} enterprises with a cabinet, {Containers} containers, {Pickups} pickups on {Trips} trips, {Manifests} manifests ({ManifestEvents} events; ledger appends {LedgerTime.TotalSeconds:0.0} s)");
}

/// <summary>
/// Writes a plausible past year of hazardous-waste handling for a set of enterprises, in bulk and through the
/// module's own entities and domain transitions (so every row is one the application itself could have written):
/// cabinets with compartments, waste streams, containers deposited every few weeks, a pickup when a cabinet fills,
/// trips of the serving collector's vehicles, stops confirmed with weighed items, one manifest per stop taken through
/// signatures, receipt (a few with a weight discrepancy), decision and disposal, fill alerts, plans and declarations.
/// Deterministic for a seed. Used by the demo seeder (rows flagged demo where the table has the flag) and the
/// benchmark. With a device registry, every cabinet is a storage-cabinet device registered at the enterprise's site
/// (so Telemetry readings reach it); with a ledger, every manifest transition goes on the hash-chained ledger like the
/// application's own. Both write in the caller's open transaction. Without them (the benchmark, which measures queries
/// over the rows), cabinets get unregistered device ids and nothing is written to the ledger.
/// </summary>
internal sealed class WasteHistory(WasteDbContext db, IWorkingCalendar calendar, IDeviceRegistry? devices = null, ILedger? ledger = null, TimeProvider? clock = null)
{
    private TimeSpan ledgerTime;

    /// <summary>The name of every demo enterprise's cabinet (and of its device).</summary>
    public const string CabinetName = "1号危废贮存柜";

    private const string Actor = "system:demo-history";

    private static readonly (string Code, string Name, string Category, PhysicalForm Form, string Characteristics, string Packaging, CompatibilityGroup Group, int MinKg, int MaxKg)[] Wastes =
    [
        ("900-041-49", "废弃的含油抹布、劳保用品", "HW49", PhysicalForm.Solid, "T,In", "吨袋", CompatibilityGroup.General, 10, 80),
        ("900-249-08", "废矿物油", "HW08", PhysicalForm.Liquid, "T,I", "200 L 铁桶", CompatibilityGroup.General, 60, 180),
        ("900-252-12", "废油漆、涂料及其包装物", "HW12", PhysicalForm.SemiSolid, "T,I", "铁桶", CompatibilityGroup.General, 20, 120),
        ("900-402-06", "废有机溶剂", "HW06", PhysicalForm.Liquid, "T,I", "塑料桶", CompatibilityGroup.General, 20, 100),
        ("900-047-49", "实验室废物", "HW49", PhysicalForm.Solid, "T,C,I,R", "周转箱", CompatibilityGroup.General, 5, 40),
        ("900-300-34", "废酸", "HW34", PhysicalForm.Liquid, "C", "耐酸塑料桶", CompatibilityGroup.Acid, 20, 80),
    ];

    public async Task<HistorySummary> WriteAsync(
        IReadOnlyList<HistoryGenerator> generators, IReadOnlyList<HistoryCollector> collectors, HistoryReceiver receiver, string divisionCode,
        DateTime now, int days, int seed, bool demo, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        var today = WasteTime.LocalDate(now);
        var first = today.AddDays(-days);
        db.ChangeTracker.AutoDetectChangesEnabled = false;

        // Vehicles: three per collector, depot at the collector's site.
        var fleets = new Dictionary<OrganisationId, List<Vehicle>>();
        foreach (var (c, ci) in collectors.Select((c, i) => (c, i)))
        {
            var existing = await db.Set<Vehicle>().IgnoreQueryFilters().Where(v => v.OrganisationId == c.Id).ToListAsync(cancellationToken);
            if (existing.Count == 0)
            {
                var depot = new PlatformSiteView { Id = c.DepotSiteId, OrganisationId = c.Id, DistrictId = c.DistrictId, TownId = c.TownId, Name = c.DepotName, Address = c.DepotAddress, Latitude = c.Latitude, Longitude = c.Longitude };
                existing = Enumerable.Range(1, 3).Select(v => Vehicle.Register(c.Id, c.DistrictId, c.TownId,
                    new VehicleSpec(string.Create(CultureInfo.InvariantCulture, $"苏E·{(char)('A' + ci)}{v:000}危"), $"JS-WF-{ci + 1:00}-{v:000}", [6, 8, 12, 31, 34, 49], 3000,
                        [(2100, [0]), (900, [0, 2])], new TimeOnly(8, 0), new TimeOnly(17, 30), true), depot, now, Actor)).ToList();
                db.AddRange(existing);
            }

            fleets[c.Id] = existing;
        }

        // Serving collector per generator: an existing agreement wins, otherwise one is signed from the first day.
        var agreements = await db.Set<ServiceAgreement>().IgnoreQueryFilters().AsNoTracking().ToListAsync(cancellationToken);
        var servedBy = new Dictionary<OrganisationId, HistoryCollector>();
        foreach (var (g, i) in generators.Select((g, i) => (g, i)))
        {
            var agreement = agreements.FirstOrDefault(a => a.GeneratorId == g.Id && a.IsInForceOn(today));
            var collector = agreement is null ? collectors[i % collectors.Count] : collectors.FirstOrDefault(c => c.Id == agreement.CollectorId) ?? collectors[i % collectors.Count];
            if (agreement is null && !agreements.Any(a => a.GeneratorId == g.Id))
            {
                db.Add(ServiceAgreement.Sign(collector.Id, g.Id, g.DistrictId, g.TownId, first, null, $"HT-{first.Year}-{i + 1:00000}", Actor, now));
            }

            servedBy[g.Id] = collector;
        }

        await db.SaveChangesAsync(cancellationToken);

        // Each cabinet is a device of the platform registry (Telemetry registers it as a storage cabinet from its kind).
        var cabinetDevices = devices is null
            ? generators.ToDictionary(g => g.Id, _ => new DeviceId(Guid.CreateVersion7()))
            : (await devices.RegisterAsync(db, generators.Select(g => new DeviceRegistration(g.SiteId, CabinetName, "StorageCabinet", demo)).ToList(), cancellationToken))
                .Select((d, i) => (generators[i].Id, d.Id)).ToDictionary(x => x.Item1, x => x.Item2);

        var pickups = new List<(HistoryGenerator Generator, PickupRequest Request, List<WasteContainer> Containers, DateOnly Day)>();
        var bulk = new List<object>();
        var containerCount = 0;
        var serial = 0;
        foreach (var g in generators)
        {
            var wasteIndexes = Enumerable.Range(0, Wastes.Length).OrderBy(_ => random.Next()).Take(random.Next(1, 3)).ToList();
            var big = random.NextDouble() < 0.08;
            var cabinet = new Cabinet
            {
                Id = Guid.CreateVersion7(), OrganisationId = g.Id, SiteId = g.SiteId, DistrictId = g.DistrictId, TownId = g.TownId,
                DeviceId = cabinetDevices[g.Id], Name = CabinetName, Online = true, IsDemo = demo, CreatedAt = now.AddDays(-days), CreatedBy = Actor,
            };
            var general = new CabinetCompartment { Id = Guid.CreateVersion7(), CabinetId = cabinet.Id, Number = 1, Name = "A 区", CapacityLitres = 800, AllowedGroup = CompatibilityGroup.General };
            var acid = new CabinetCompartment { Id = Guid.CreateVersion7(), CabinetId = cabinet.Id, Number = 2, Name = "B 区（酸）", CapacityLitres = 200, AllowedGroup = CompatibilityGroup.Acid };
            cabinet.Compartments.Add(general);
            cabinet.Compartments.Add(acid);
            db.Add(cabinet);

            var streams = wasteIndexes.Select(w => new WasteStream
            {
                Id = Guid.CreateVersion7(), OrganisationId = g.Id, SiteId = g.SiteId, DistrictId = g.DistrictId, TownId = g.TownId, Edition = "2025",
                WasteCode = Wastes[w].Code, CategoryCode = Wastes[w].Category, Name = Wastes[w].Name, PhysicalForm = Wastes[w].Form,
                Characteristics = Wastes[w].Characteristics, Packaging = Wastes[w].Packaging, CompatibilityGroup = Wastes[w].Group,
                ExpectedAnnualG = (big ? random.Next(12_000, 30_000) : random.Next(300, 4_000)) * 1000L / wasteIndexes.Count, IsDemo = demo, CreatedAt = now.AddDays(-days), CreatedBy = Actor,
            }).ToList();
            db.AddRange(streams);

            // Deposits every 6-30 days; a pickup when four containers wait or the oldest has waited 60 days.
            var stored = new List<WasteContainer>();
            var day = first.AddDays(random.Next(0, 20));
            var interval = big ? random.Next(3, 8) : random.Next(8, 30);
            while (day <= today)
            {
                var s = streams[random.Next(streams.Count)];
                var w = Wastes[wasteIndexes[streams.IndexOf(s)]];
                var depositedAt = WasteTime.StartOfDayUtc(day).AddHours(9 + random.Next(0, 8)).AddMinutes(random.Next(60));
                if (depositedAt > now)
                {
                    break;
                }

                var complete = random.NextDouble() > 0.06;
                var container = new WasteContainer
                {
                    Id = Guid.CreateVersion7(),
                    Code = g.CreditCode + w.Code.Replace("-", string.Empty, StringComparison.Ordinal) + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)
                           + ((++serial % 9999) + 1).ToString("0000", CultureInfo.InvariantCulture),
                    OrganisationId = g.Id, SiteId = g.SiteId, DistrictId = g.DistrictId, TownId = g.TownId, StreamId = s.Id, CabinetId = cabinet.Id,
                    CompartmentId = w.Group == CompatibilityGroup.Acid ? acid.Id : general.Id, Edition = "2025", WasteCode = w.Code, CategoryCode = w.Category,
                    WasteName = w.Name, MainComponents = complete ? "矿物油、树脂、溶剂残留" : null, Characteristics = w.Characteristics,
                    Precautions = complete ? "远离火源，防止泄漏" : null, PhysicalForm = w.Form, Packaging = w.Packaging, ProducerName = g.Name,
                    ContactName = "环保专员", ContactPhone = "0510-8" + random.Next(1000000, 9999999).ToString(CultureInfo.InvariantCulture),
                    GeneratedOn = day, WeightG = random.Next(w.MinKg * 1000, w.MaxKg * 1000), VolumeLitres = w.Form == PhysicalForm.Liquid ? 200 : 60,
                    CompatibilityGroup = w.Group, State = ContainerState.Stored, DepositedAt = depositedAt, DepositedBy = "user:demo-enterprise",
                    StorageLimitDate = day.AddYears(1), IsDemo = demo,
                };
                stored.Add(container);
                bulk.Add(container);
                containerCount++;

                if (stored.Count >= 4 || (stored.Count > 0 && day.DayNumber - WasteTime.LocalDate(stored[0].DepositedAt).DayNumber >= 60))
                {
                    var pickupDay = NextWorkingDay(day.AddDays(random.Next(1, 4)));
                    if (pickupDay < today)
                    {
                        var raisedAt = depositedAt.AddMinutes(30);
                        var request = new PickupRequest
                        {
                            Id = Guid.CreateVersion7(), OrganisationId = g.Id, SiteId = g.SiteId, DistrictId = g.DistrictId, TownId = g.TownId, CabinetId = cabinet.Id,
                            CollectorId = servedBy[g.Id].Id, Origin = random.NextDouble() < 0.7 ? PickupOrigin.Automatic : PickupOrigin.Enterprise,
                            Status = PickupRequestStatus.Collected, FillRatioAtRaise = 0.8 + (random.NextDouble() * 0.15), RaisedAt = raisedAt, RaisedBy = Actor,
                        };
                        bulk.Add(request);
                        bulk.Add(new WasteAlert
                        {
                            Id = Guid.CreateVersion7(), OrganisationId = g.Id, SiteId = g.SiteId, DistrictId = g.DistrictId, TownId = g.TownId, CabinetId = cabinet.Id,
                            SubjectId = request.Id, Kind = AlertKind.FillThreshold, Status = AlertStatus.Closed, Message = "贮存柜满溢率超过 80%，已生成收运申请",
                            Value = request.FillRatioAtRaise, Threshold = 0.8, RaisedAt = raisedAt, ClosedAt = WasteTime.StartOfDayUtc(pickupDay).AddHours(12), ClosedBy = Actor,
                            CloseReason = "已收运",
                        });
                        pickups.Add((g, request, [.. stored], pickupDay));
                        stored.Clear();
                    }
                }

                day = day.AddDays(Math.Max(1, interval + random.Next(-3, 4)));
            }

            // What is still stored fills the cabinet now; past 0.8 the rules would have an open request and alert.
            var fill = Math.Min(0.98, stored.Sum(c => c.VolumeLitres) / 1000.0 + (random.NextDouble() * 0.1));
            cabinet.FillRatio = Math.Round(fill, 3);
            cabinet.LastReadingAt = now.AddMinutes(-random.Next(1, 30));
            if (fill >= 0.8)
            {
                cabinet.FillArmed = false;
                var request = new PickupRequest
                {
                    Id = Guid.CreateVersion7(), OrganisationId = g.Id, SiteId = g.SiteId, DistrictId = g.DistrictId, TownId = g.TownId, CabinetId = cabinet.Id,
                    CollectorId = servedBy[g.Id].Id, Origin = PickupOrigin.Automatic, Status = PickupRequestStatus.Open, FillRatioAtRaise = fill,
                    RaisedAt = now.AddHours(-random.Next(1, 40)), RaisedBy = Actor,
                };
                bulk.Add(request);
                bulk.Add(new WasteAlert
                {
                    Id = Guid.CreateVersion7(), OrganisationId = g.Id, SiteId = g.SiteId, DistrictId = g.DistrictId, TownId = g.TownId, CabinetId = cabinet.Id,
                    SubjectId = request.Id, Kind = AlertKind.FillThreshold, Status = AlertStatus.Open, Message = "贮存柜满溢率超过 80%，已生成收运申请",
                    Value = fill, Threshold = 0.8, RaisedAt = request.RaisedAt,
                });
            }

            AddPlansAndDeclarations(g, streams.Sum(s => s.ExpectedAnnualG), today, now, random, demo);
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();

        // Trips set the containers' and requests' collection fields in memory; then everything is inserted in chunks.
        var (trips, manifests, events) = await WriteTripsAsync(pickups, servedBy, fleets, receiver, divisionCode, today, now, random, cancellationToken);
        foreach (var chunk in bulk.Chunk(5_000))
        {
            db.AddRange(chunk);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        db.ChangeTracker.AutoDetectChangesEnabled = true;
        await new TonnageProjector(db).RunOnceAsync(cancellationToken);
        return new HistorySummary(generators.Count, containerCount, pickups.Count, trips, manifests, events, ledgerTime);
    }

    private DateOnly NextWorkingDay(DateOnly day)
    {
        while (!calendar.IsWorkingDay(day))
        {
            day = day.AddDays(1);
        }

        return day;
    }

    private void AddPlansAndDeclarations(HistoryGenerator g, long expectedG, DateOnly today, DateTime now, Random random, bool demo)
    {
        foreach (var year in new[] { today.Year - 1, today.Year })
        {
            var due = DeclarationSchedule.PlanDueOn(year);
            var roll = random.NextDouble();
            if (year == today.Year && today <= due && roll < 0.5)
            {
                continue;
            }

            var plan = ManagementPlan.Draft(g.Id, g.DistrictId, g.TownId, year, now, Actor, demo);
            plan.Update("源头减量：推广水性涂料，延长切削液使用周期", "智能贮存柜分区贮存，标签齐全", "委托持证收集单位定期收运", [(Wastes[0].Code, Wastes[0].Name, expectedG / 2), (Wastes[1].Code, Wastes[1].Name, expectedG - (expectedG / 2))], now, Actor);
            if (roll < 0.85)
            {
                var filedOn = roll < 0.75 ? new DateOnly(year, 3, 1 + random.Next(0, 28)) : new DateOnly(year, 4, 1 + random.Next(0, 20));
                var filedAt = WasteTime.StartOfDayUtc(filedOn < today ? filedOn : today).AddHours(2);
                plan.File(filedAt < now ? filedAt : now, "user:demo-enterprise");
            }

            db.Add(plan);
        }

        // Last year's declarations at the enterprise's frequency, most on time.
        var frequency = DeclarationSchedule.FrequencyFor(expectedG / 1000m);
        foreach (var period in DeclarationSchedule.PeriodsOf(today.Year - 1, frequency).Concat(DeclarationSchedule.PeriodsOf(today.Year, frequency)).Where(p => p.To < today))
        {
            if (random.NextDouble() < 0.1)
            {
                continue;
            }

            var declaration = Declaration.Open(g.Id, g.DistrictId, g.TownId, period, now, demo);
            var submittedOn = random.NextDouble() < 0.85 ? period.DueOn.AddDays(-random.Next(1, 10)) : period.DueOn.AddDays(random.Next(1, 20));
            if (submittedOn < today)
            {
                declaration.Submit(null, WasteTime.StartOfDayUtc(submittedOn).AddHours(3), "user:demo-enterprise");
            }

            db.Add(declaration);
        }
    }

    private async Task<(int Trips, int Manifests, int Events)> WriteTripsAsync(
        List<(HistoryGenerator Generator, PickupRequest Request, List<WasteContainer> Containers, DateOnly Day)> pickups,
        Dictionary<OrganisationId, HistoryCollector> servedBy, Dictionary<OrganisationId, List<Vehicle>> fleets, HistoryReceiver receiver, string divisionCode,
        DateOnly today, DateTime now, Random random, CancellationToken cancellationToken)
    {
        var trips = 0;
        var manifestCount = 0;
        var eventCount = 0;
        var serials = new Dictionary<int, int>();
        var tripSerial = 0;
        var batch = 0;
        var ledgerRecords = new List<LedgerRecord>();
        async Task FlushAsync()
        {
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            if (ledger is not null && ledgerRecords.Count > 0)
            {
                var started = (clock ?? TimeProvider.System).GetTimestamp();
                await ledger.AppendRangeAsync(db, ledgerRecords, cancellationToken);
                ledgerTime += (clock ?? TimeProvider.System).GetElapsedTime(started);
            }

            ledgerRecords.Clear();
        }

        foreach (var group in pickups.GroupBy(p => (servedBy[p.Generator.Id].Id, p.Day)).OrderBy(g => g.Key.Day))
        {
            var collector = servedBy[group.First().Generator.Id];
            var fleet = fleets[collector.Id];
            var chunks = group.Chunk(15).ToList();
            for (var t = 0; t < chunks.Count; t++)
            {
                var vehicle = fleet[t % fleet.Count];
                var day = group.Key.Day;
                var start = WasteTime.StartOfDayUtc(day).AddHours(8);
                var trip = Trip.Draft(collector.Id, collector.DistrictId, collector.TownId, string.Create(CultureInfo.InvariantCulture, $"T{day:yyyyMMdd}-{++tripSerial:0000}"),
                    day, vehicle.Id, vehicle.Plate, receiver.Id, receiver.Name, start.AddDays(-1), Actor);
                trip.Schedule(random.Next(20_000, 90_000), new TimeOnly(8, 0), new TimeOnly(8 + Math.Min(9, chunks[t].Length), 0));
                trip.Publish(Guid.Empty, "演示司机", start.AddHours(-1));
                db.Add(trip);
                trips++;
                var seq = 0;
                foreach (var (g, request, containers, _) in chunks[t])
                {
                    var arrival = start.AddMinutes(20 + (seq * 35));
                    var spec = new DispatchStopSpec(Guid.CreateVersion7(), request.Id, g.Id.Value, g.Latitude, g.Longitude, Weight.ToKilograms(containers.Sum(c => c.WeightG)),
                        containers.Select(c => int.Parse(c.CategoryCode[2..], CultureInfo.InvariantCulture)).Distinct().Order().ToList(),
                        containers.Select(c => (int)c.CompatibilityGroup).Distinct().Order().ToList(), [new OpeningInterval(new TimeOnly(8, 0), new TimeOnly(17, 0))]);
                    var stop = TripStop.Plan(trip.Id, ++seq, spec, g.SiteId, g.SiteName, g.Address, g.Name, g.DistrictId, g.TownId, collector.Id, receiver.Id,
                        TimeOnly.FromDateTime(arrival.AddHours(8)));
                    var confirmedAt = arrival.AddMinutes(15);
                    stop.Confirm(confirmedAt, "user:demo-enterprise", GeneratorSignatureMethod.SecurityCode);
                    db.Add(stop);

                    var measured = containers.Select(c => (Container: c, Grams: (long)(c.WeightG * (0.97 + (random.NextDouble() * 0.06))))).ToList();
                    foreach (var (c, grams) in measured)
                    {
                        db.Add(StopItem.Weigh(stop.Id, new ScannedContainer(c.Id, c.Code, c.WasteCode, c.WasteName, c.CategoryCode, c.Characteristics, c.PhysicalForm.ToString(), c.Packaging,
                            c.SiteId, (int)c.CompatibilityGroup),
                            grams, arrival.AddMinutes(5), "user:demo-driver"));
                    }

                    var year = day.Year;
                    serials[year] = serials.GetValueOrDefault(year) + 1;
                    var parties = new ManifestParties(g.Id, g.SiteId, g.Name, g.DistrictId, g.TownId, collector.Id, collector.Name, vehicle.Id, vehicle.Plate,
                        vehicle.PermitNumber, receiver.Id, receiver.Name);
                    var lines = measured.GroupBy(m => m.Container.WasteCode).Select(x => new ManifestLineDraft(x.Key, x.First().Container.WasteName,
                        x.First().Container.CategoryCode, x.First().Container.Characteristics, x.First().Container.PhysicalForm.ToString(), x.First().Container.Packaging,
                        x.Count(), x.Sum(m => m.Grams), true)).ToList();
                    var manifest = Manifest.Draw(Guid.CreateVersion7(), ManifestNumber.Format(year, divisionCode, serials[year]), trip.Id, parties, lines, arrival, Actor);
                    var transitions = new List<ManifestTransition>
                    {
                        ManifestRecorder.Drawn(manifest),
                        manifest.SignByGenerator(confirmedAt, now, "user:demo-enterprise", GeneratorSignatureMethod.SecurityCode),
                        manifest.SignByCarrier(confirmedAt.AddMinutes(2), now, "user:demo-driver"),
                    };
                    var receivedAt = start.AddHours(10);
                    if (receivedAt < now)
                    {
                        var discrepancy = random.NextDouble() < 0.04;
                        var received = manifest.Lines.ToDictionary(l => l.LineNo, l => discrepancy ? (long)(l.QuantityG * 0.92) : l.QuantityG);
                        var deadline = calendar.AddWorkingDays(day, 5);
                        transitions.Add(manifest.Receive(receivedAt, now, "user:demo-disposal", received, new WeightTolerance(5m), deadline.Date, deadline.IsProvisional));
                        var decideAt = receivedAt.AddHours(random.Next(1, 60));
                        if (decideAt < now && (today.DayNumber - day.DayNumber > 3 || random.NextDouble() < 0.5))
                        {
                            transitions.Add(manifest.Decide(ManifestDecision.Accepted, decideAt, now, "user:demo-disposal", null, null));
                            var disposeAt = decideAt.AddDays(random.Next(2, 12));
                            if (disposeAt < now)
                            {
                                transitions.Add(manifest.Dispose(disposeAt, now, "user:demo-disposal", "D10 焚烧"));
                            }
                        }
                    }

                    db.Add(manifest);
                    stop.AttachManifest(manifest.Id);
                    foreach (var (c, grams) in measured)
                    {
                        db.Add(ManifestContainer.Of(manifest.Id, c.Id, c.Code, manifest.Lines.First(l => l.WasteCode == c.WasteCode).LineNo, grams));
                    }

                    foreach (var transition in transitions)
                    {
                        db.Add(ManifestEvent.Of(manifest, transition, transition.At));
                        ledgerRecords.Add(ManifestRecorder.LedgerRecordOf(manifest, transition));
                    }

                    eventCount += transitions.Count;
                    manifestCount++;

                    var state = manifest.Status switch
                    {
                        ManifestStatus.Disposed => ContainerState.Disposed,
                        ManifestStatus.Accepted or ManifestStatus.Received => ContainerState.Received,
                        _ => ContainerState.Collected,
                    };
                    foreach (var (c, grams) in measured)
                    {
                        c.State = state;
                        c.PickupRequestId = request.Id;
                        c.CollectedAt = confirmedAt;
                        c.CollectedWeightG = grams;
                        c.ReceivedAt = manifest.ReceivedAt;
                        c.DisposedAt = manifest.DisposedAt;
                    }

                    request.TripId = trip.Id;
                    request.PlannedAt = start.AddDays(-1);
                    request.CollectedAt = confirmedAt;
                }

                if (day < today)
                {
                    trip.Complete(start.AddHours(10));
                }

                if (++batch % 50 == 0)
                {
                    await FlushAsync();
                }
            }
        }

        await FlushAsync();
        return (trips, manifestCount, eventCount);
    }
}
