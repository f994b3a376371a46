using System.Globalization;
using GreenIsland.Waste.Domain.Manifests;
using GreenIsland.Waste.Features.Alerts;

namespace GreenIsland.Waste.Features.Manifests;

/// <summary>
/// The weight-discrepancy alert of a manifest: the generator's (its regulators see it), about the manifest. Raised on
/// receipt, and by an agreed correction that leaves the received weight outside the tolerance.
/// </summary>
internal static class DiscrepancyAlert
{
    public static WasteAlert Raise(WasteAlerts alerts, Manifest m, decimal tolerancePercent, DateTime now, bool byCorrection = false)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(m);
        var worst = m.Lines.Max(l => l.DeviationPercent ?? 0);
        var message = byCorrection
            ? string.Create(CultureInfo.InvariantCulture,
                $"联单 {m.Number} 更正为第 {m.Version} 版后，接收重量与发运重量相差 {worst}%，超出容差 {tolerancePercent}% / after the agreed correction (version {m.Version}) the received weight differs by {worst}% (tolerance {tolerancePercent}%)")
            : string.Create(CultureInfo.InvariantCulture,
                $"联单 {m.Number} 接收重量与发运重量相差 {worst}%，超出容差 {tolerancePercent}% / received weight differs by {worst}% (tolerance {tolerancePercent}%)");
        return alerts.Raise(new AlertSubject(m.OrganisationId, m.GeneratorSiteId, m.DistrictId, m.TownId, SubjectId: m.Id), AlertKind.ManifestWeightDiscrepancy, message, now,
            (double)worst, (double)tolerancePercent);
    }
}
