using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Waste.Features.Alerts;

/// <summary>What a new alert is about.</summary>
internal sealed record AlertSubject(OrganisationId OrganisationId, SiteId? SiteId, JurisdictionId DistrictId, JurisdictionId TownId,
    Guid? CabinetId = null, Guid? ContainerId = null, Guid? SubjectId = null);

/// <summary>
/// Raises alerts and closes them by rule (internal service for every Waste feature). Adds to or changes the scoped
/// <see cref="WasteDbContext"/>; the caller saves (inside its transaction).
/// </summary>
internal sealed class WasteAlerts(WasteDbContext db, WasteLedger ledger)
{
    /// <summary>The actor of everything the rules do on their own.</summary>
    public const string RulesActor = "system:waste-rules";

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

    /// <summary>
    /// Closes, by rule, the cabinet's or the container's alerts of these kinds that are not closed yet (the condition
    /// they reported is over), with a reason and the same <c>AlertClosed</c> ledger entry a person's closing writes.
    /// Call inside the transaction of the change that ended the condition. Returns the alerts closed.
    /// </summary>
    public async Task<IReadOnlyList<WasteAlert>> CloseByRuleAsync(Guid? cabinetId, Guid? containerId, IReadOnlyCollection<AlertKind> kinds, DateTime at, string reason,
        CancellationToken cancellationToken)
    {
        if (cabinetId is null && containerId is null)
        {
            throw new ArgumentException("Name the cabinet or the container whose alerts close.", nameof(cabinetId));
        }

        var kindList = kinds.ToList();
        var query = db.Set<WasteAlert>().IgnoreQueryFilters().Where(a => kindList.Contains(a.Kind) && a.Status != AlertStatus.Closed);
        query = containerId is { } container ? query.Where(a => a.ContainerId == container) : query.Where(a => a.CabinetId == cabinetId);
        var open = await query.OrderBy(a => a.RaisedAt).ToListAsync(cancellationToken);
        // Alerts raised earlier in the same unit of work (not saved yet) are closed too.
        open.AddRange(db.ChangeTracker.Entries<WasteAlert>().Where(e => e.State == EntityState.Added).Select(e => e.Entity)
            .Where(a => kindList.Contains(a.Kind) && a.Status != AlertStatus.Closed && (containerId is { } c ? a.ContainerId == c : a.CabinetId == cabinetId)));
        var closing = open.Distinct().ToList();
        var text = reason.Length > WasteAlert.ReasonMaxLength ? reason[..WasteAlert.ReasonMaxLength] : reason;
        foreach (var alert in closing)
        {
            // An instant signed on a phone and synced later can precede an alert raised meanwhile: never close before raising.
            var closedAt = alert.RaisedAt > at ? alert.RaisedAt : at;
            alert.Close(closedAt, RulesActor, text);
            await AlertLedger.AppendAsync(ledger, alert, AlertLedger.Closed, text, closedAt, RulesActor, cancellationToken);
        }

        return closing;
    }
}
