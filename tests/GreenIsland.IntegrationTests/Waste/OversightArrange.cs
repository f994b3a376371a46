using GreenIsland.IntegrationTests.Infrastructure;
using GreenIsland.Platform.Contracts.Calendar;
using GreenIsland.Waste.Domain.Manifests;
using GreenIsland.Waste.Features.Manifests;
using GreenIsland.Waste.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace GreenIsland.IntegrationTests.Waste;

/// <summary>Arranges oversight test data through the Waste module's own domain and recorder (as the system actor).</summary>
internal static class OversightArrange
{
    private static int serial;

    /// <summary>Draws a manifest generator -> carrier -> receiver and takes it as far as <paramref name="until"/>, recording every transition.</summary>
    public static Task<Guid> ManifestAsync(this GreenIslandAppFactory app, TestOrganisation generator, TestOrganisation carrier, TestOrganisation receiver,
        ManifestStatus until, long shippedG = 120_000, long? receivedG = null, DateTime? start = null, (string Code, string Name, string Category)? waste = null) =>
        app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<WasteDbContext>();
            var recorder = sp.GetRequiredService<ManifestRecorder>();
            var now = DateTime.UtcNow;
            var t0 = start ?? now.AddHours(-6);
            var number = $"{t0.Year}3299{Interlocked.Increment(ref serial) + (Random.Shared.Next(1, 9000) * 100):000000}";
            number = number[..14];
            var parties = new ManifestParties(generator.Id, generator.SiteId, generator.Name, app.District.DistrictId, generator.TownId,
                carrier.Id, carrier.Name, null, "苏E·T0001", "JS-HW-0001", receiver.Id, receiver.Name);
            var manifest = Manifest.Draw(Guid.CreateVersion7(), number, null, parties,
                [new ManifestLineDraft(waste?.Code ?? "900-041-49", waste?.Name ?? "废抹布手套", waste?.Category ?? "HW49", "T,In", "固态", "吨袋", 2, shippedG, true)], t0, "user:test");
            var transitions = new List<ManifestTransition> { ManifestRecorder.Drawn(manifest) };
            if (until >= ManifestStatus.SignedByGenerator && until != ManifestStatus.Cancelled)
            {
                transitions.Add(manifest.SignByGenerator(t0.AddMinutes(10), now, "user:generator", GeneratorSignatureMethod.SecurityCode));
            }

            if (until >= ManifestStatus.InTransit && until != ManifestStatus.Cancelled)
            {
                transitions.Add(manifest.SignByCarrier(t0.AddMinutes(20), now, "user:driver"));
            }

            if (until >= ManifestStatus.Received && until != ManifestStatus.Cancelled)
            {
                var calendar = sp.GetRequiredService<IWorkingCalendar>();
                var deadline = calendar.AddWorkingDays(ChinaTime.DateOf(new DateTimeOffset(t0.AddHours(2), TimeSpan.Zero)), 5);
                transitions.Add(manifest.Receive(t0.AddHours(2), now, "user:receiver", new Dictionary<int, long> { [1] = receivedG ?? shippedG }, new WeightTolerance(5m),
                    deadline.Date, deadline.IsProvisional));
            }

            if (until is ManifestStatus.Accepted or ManifestStatus.Disposed)
            {
                transitions.Add(manifest.Decide(ManifestDecision.Accepted, t0.AddHours(3), now, "user:receiver", null, null));
            }

            if (until == ManifestStatus.Disposed)
            {
                transitions.Add(manifest.Dispose(t0.AddHours(4), now, "user:receiver", "D10 焚烧"));
            }

            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Add(manifest);
            await db.SaveChangesAsync();
            await recorder.RecordAsync(db, manifest, transitions, CancellationToken.None);
            await transaction.CommitAsync();
            return manifest.Id;
        });

}
