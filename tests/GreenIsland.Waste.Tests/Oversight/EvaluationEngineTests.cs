using System.Text;
using GreenIsland.Waste.Features.Evaluation;

namespace GreenIsland.Waste.Tests.Oversight;

public sealed class EvaluationEngineTests
{
    private static readonly EvaluationEngine Engine = new(IndicatorSet.LoadEmbedded());

    private static EnterpriseEvidence Clean() => new(
        ContainersDeposited: 10, ContainersWithIncompleteLabel: 0, ContainersExaminedForAge: 10, ContainersOverAgeLimit: 0,
        IncompatibleStorageAlerts: 0, PlanFiledOnTime: true, PlanDueYet: true, DeclarationsDue: 1, DeclarationsLateOrMissing: 0,
        ManifestsExamined: 4, ManifestsUnconfirmedPastDeadline: 0, DiscrepanciesFlagged: 1, DiscrepanciesOpen: 0);

    [Fact]
    public void EmbeddedSet_WeightsAddUpTo100()
    {
        Assert.Equal(100m, Engine.Set.Indicators.Sum(i => i.Weight));
        Assert.Equal(EvaluationEngine.IndicatorCodes.Count, Engine.Set.Indicators.Count);
    }

    [Fact]
    public void Score_CleanRecord_Is100WithNoReasons()
    {
        var score = Engine.Score(Clean());
        Assert.Equal(100m, score.Score);
        Assert.All(score.Indicators, i => Assert.Empty(i.Lost));
    }

    [Fact]
    public void Score_IncompleteLabels_LosesAProportionalShareWithTheReason()
    {
        var score = Engine.Score(Clean() with { ContainersWithIncompleteLabel = 2 });
        var labels = score.Indicators.Single(i => i.Code == "labels_complete");
        Assert.Equal(12m, labels.Points); // 15 x (1 - 2/10)
        var lost = Assert.Single(labels.Lost);
        Assert.Equal(3m, lost.Points);
        Assert.Contains("2/10", lost.Reason, StringComparison.Ordinal);
        Assert.Equal(97m, score.Score);
    }

    [Fact]
    public void Score_PlanNotFiledAfter31March_LosesTheWholeWeight()
    {
        var plan = Engine.Score(Clean() with { PlanFiledOnTime = false }).Indicators.Single(i => i.Code == "plan_filed");
        Assert.Equal(0m, plan.Points);
        Assert.Equal("The annual management plan was not filed by 31 March", Assert.Single(plan.Lost).ReasonEn);
    }

    [Fact]
    public void Score_PlanNotDueYet_LosesNothing() =>
        Assert.Equal(100m, Engine.Score(Clean() with { PlanFiledOnTime = false, PlanDueYet = false }).Score);

    [Fact]
    public void Score_EveryPointLostHasAReasonAndTheTotalsAgree()
    {
        var e = new EnterpriseEvidence(10, 3, 8, 2, 5, false, true, 4, 4, 5, 5, 3, 3);
        var score = Engine.Score(e);
        Assert.All(score.Indicators, i =>
        {
            Assert.Equal(i.Weight - i.Points, i.Lost.Sum(l => l.Points));
            Assert.All(i.Lost, l => Assert.False(string.IsNullOrWhiteSpace(l.Reason)));
        });
        Assert.Equal(score.Indicators.Sum(i => i.Points), score.Score);
        Assert.InRange(score.Score, 0m, 30m);
    }

    [Fact]
    public void Score_NothingExamined_LosesNothing() =>
        Assert.Equal(100m, Engine.Score(new EnterpriseEvidence(0, 0, 0, 0, 0, true, true, 0, 0, 0, 0, 0, 0)).Score);

    [Fact]
    public void Load_RejectsWeightsThatDoNotAddUpTo100()
    {
        var json = """
            {"version":"x","indicators":[
            {"code":"labels_complete","name":"a","nameEn":"a","weight":20,"evidence":"e"},
            {"code":"storage_age","name":"a","nameEn":"a","weight":15,"evidence":"e"},
            {"code":"compatible_storage","name":"a","nameEn":"a","weight":10,"evidence":"e"},
            {"code":"plan_filed","name":"a","nameEn":"a","weight":15,"evidence":"e"},
            {"code":"declarations_on_time","name":"a","nameEn":"a","weight":15,"evidence":"e"},
            {"code":"manifests_confirmed","name":"a","nameEn":"a","weight":15,"evidence":"e"},
            {"code":"discrepancies_resolved","name":"a","nameEn":"a","weight":15,"evidence":"e"}]}
            """;
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        Assert.Throws<InvalidDataException>(() => IndicatorSet.Load(stream));
    }
}
