using System.Globalization;
using System.Text.Json;

namespace GreenIsland.Waste.Features.Evaluation;

/// <summary>One indicator of the standardised-management evaluation, as configured in <c>evaluation-indicators.json</c>.</summary>
internal sealed record IndicatorDefinition(string Code, string Name, string NameEn, decimal Weight, string Evidence);

/// <summary>The indicator set with its version.</summary>
internal sealed record IndicatorSet(string Version, IReadOnlyList<IndicatorDefinition> Indicators)
{
    public const string ResourceName = "GreenIsland.Waste.Features.Evaluation.evaluation-indicators.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IndicatorSet LoadEmbedded()
    {
        using var stream = typeof(IndicatorSet).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        return Load(stream);
    }

    public static IndicatorSet Load(Stream stream)
    {
        var set = JsonSerializer.Deserialize<IndicatorSet>(stream, Json) ?? throw new InvalidDataException("The indicator set is empty.");
        var known = EvaluationEngine.IndicatorCodes;
        var codes = set.Indicators.Select(i => i.Code).ToList();
        if (codes.Count != codes.Distinct(StringComparer.Ordinal).Count() || !codes.Order(StringComparer.Ordinal).SequenceEqual(known.Order(StringComparer.Ordinal), StringComparer.Ordinal))
        {
            throw new InvalidDataException($"The indicator set must define each of {string.Join(", ", known)} exactly once.");
        }

        if (set.Indicators.Any(i => i.Weight < 0) || set.Indicators.Sum(i => i.Weight) != 100m)
        {
            throw new InvalidDataException("Indicator weights must be non-negative and add up to 100.");
        }

        return set;
    }
}

/// <summary>
/// The evidence about one enterprise for one evaluation period, counted from its records (containers, alerts, plan,
/// declarations, manifests). Counts are "how many things were examined" and "how many of them failed".
/// </summary>
internal sealed record EnterpriseEvidence(
    int ContainersDeposited,
    int ContainersWithIncompleteLabel,
    int ContainersExaminedForAge,
    int ContainersOverAgeLimit,
    int IncompatibleStorageAlerts,
    bool PlanFiledOnTime,
    bool PlanDueYet,
    int DeclarationsDue,
    int DeclarationsLateOrMissing,
    int ManifestsExamined,
    int ManifestsUnconfirmedPastDeadline,
    int DiscrepanciesFlagged,
    int DiscrepanciesOpen);

/// <summary>Points lost on one indicator, with the reason in both languages.</summary>
internal sealed record PointsLost(decimal Points, string Reason, string ReasonEn);

internal sealed record IndicatorScore(string Code, string Name, string NameEn, decimal Weight, decimal Points, IReadOnlyList<PointsLost> Lost);

internal sealed record EvaluationScore(decimal Score, string IndicatorSetVersion, IReadOnlyList<IndicatorScore> Indicators);

/// <summary>Scores an enterprise's evidence against the indicator set; every point lost carries its reason.</summary>
internal sealed class EvaluationEngine(IndicatorSet set)
{
    public static readonly IReadOnlyList<string> IndicatorCodes =
        ["labels_complete", "storage_age", "compatible_storage", "plan_filed", "declarations_on_time", "manifests_confirmed", "discrepancies_resolved"];

    public IndicatorSet Set => set;

    public EvaluationScore Score(EnterpriseEvidence e)
    {
        var scores = set.Indicators.Select(i => Indicator(i, e)).ToList();
        return new EvaluationScore(scores.Sum(s => s.Points), set.Version, scores);
    }

    private static IndicatorScore Indicator(IndicatorDefinition d, EnterpriseEvidence e)
    {
        var lost = d.Code switch
        {
            "labels_complete" => Share(d.Weight, e.ContainersWithIncompleteLabel, e.ContainersDeposited,
                $"{e.ContainersWithIncompleteLabel}/{e.ContainersDeposited} 个容器标签信息不完整",
                $"{e.ContainersWithIncompleteLabel} of {e.ContainersDeposited} containers have an incomplete label"),
            "storage_age" => Share(d.Weight, e.ContainersOverAgeLimit, e.ContainersExaminedForAge,
                $"{e.ContainersOverAgeLimit}/{e.ContainersExaminedForAge} 个容器超过贮存时限",
                $"{e.ContainersOverAgeLimit} of {e.ContainersExaminedForAge} containers exceeded the storage-age limit"),
            "compatible_storage" => e.IncompatibleStorageAlerts == 0 ? null : new PointsLost(
                Math.Min(d.Weight, Round(d.Weight * e.IncompatibleStorageAlerts / 4m)),
                $"{e.IncompatibleStorageAlerts} 次不相容危废混存告警", $"{e.IncompatibleStorageAlerts} incompatible-storage alert(s)"),
            "plan_filed" => e.PlanFiledOnTime || !e.PlanDueYet ? null : new PointsLost(d.Weight,
                "年度管理计划未在3月31日前备案", "The annual management plan was not filed by 31 March"),
            "declarations_on_time" => Share(d.Weight, e.DeclarationsLateOrMissing, e.DeclarationsDue,
                $"{e.DeclarationsLateOrMissing}/{e.DeclarationsDue} 期申报逾期或未申报",
                $"{e.DeclarationsLateOrMissing} of {e.DeclarationsDue} declarations late or missing"),
            "manifests_confirmed" => Share(d.Weight, e.ManifestsUnconfirmedPastDeadline, e.ManifestsExamined,
                $"{e.ManifestsUnconfirmedPastDeadline}/{e.ManifestsExamined} 份联单超期未确认",
                $"{e.ManifestsUnconfirmedPastDeadline} of {e.ManifestsExamined} manifests not confirmed within the deadline"),
            "discrepancies_resolved" => Share(d.Weight, e.DiscrepanciesOpen, e.DiscrepanciesFlagged,
                $"{e.DiscrepanciesOpen}/{e.DiscrepanciesFlagged} 项重量差异未处理",
                $"{e.DiscrepanciesOpen} of {e.DiscrepanciesFlagged} weight discrepancies unresolved"),
            _ => throw new InvalidOperationException($"Unknown indicator {d.Code}."),
        };
        var losses = lost is null || lost.Points == 0 ? (IReadOnlyList<PointsLost>)[] : [lost];
        return new IndicatorScore(d.Code, d.Name, d.NameEn, d.Weight, d.Weight - losses.Sum(l => l.Points), losses);
    }

    // Nothing examined means nothing failed: an enterprise without containers is not marked down for labels.
    private static PointsLost? Share(decimal weight, int failing, int total, string reason, string reasonEn) =>
        failing <= 0 || total <= 0 ? null : new PointsLost(Round(weight * Math.Min(failing, total) / total), reason, reasonEn);

    private static decimal Round(decimal points) => Math.Round(points, 1, MidpointRounding.AwayFromZero);

    public static string Format(decimal score) => score.ToString("0.0", CultureInfo.InvariantCulture);
}
