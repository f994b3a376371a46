using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Waste.Features.Alerts;

/// <summary>What a new alert is about.</summary>
internal sealed record AlertSubject(OrganisationId OrganisationId, SiteId? SiteId, JurisdictionId DistrictId, JurisdictionId TownId,
    Guid? CabinetId = null, Guid? ContainerId = null, Guid? SubjectId = null);

/// <summary>
/// Raises alerts (internal service for every Waste feature). Adds to the scoped <see cref="WasteDbContext"/>; the
/// caller saves (inside its transaction).
/// </summary>
internal sealed class WasteAlerts(WasteDbContext db)
{
    public WasteAlert Raise(AlertSubject subject, AlertKind kind, string message, DateTime at, double? value = null, double? threshold = null)
    {
        var alert = new WasteAlert
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = subject.OrganisationId,
            SiteId = subject.SiteId,
            DistrictId = subject.DistrictId,
            TownId = subject.TownId,
            CabinetId = subject.CabinetId,
            ContainerId = subject.ContainerId,
            SubjectId = subject.SubjectId,
            Kind = kind,
            Status = AlertStatus.Open,
            Message = message.Length > WasteAlert.MessageMaxLength ? message[..WasteAlert.MessageMaxLength] : message,
            Value = value,
            Threshold = threshold,
            RaisedAt = at,
        };
        db.Add(alert);
        return alert;
    }

    /// <summary>Whether an alert of this kind is still open or acknowledged (not closed) for the cabinet.</summary>
    public Task<bool> HasUnclosedAsync(Guid cabinetId, AlertKind kind, CancellationToken cancellationToken) =>
        db.Set<WasteAlert>().IgnoreQueryFilters().AnyAsync(a => a.CabinetId == cabinetId && a.Kind == kind && a.Status != AlertStatus.Closed, cancellationToken);
}
