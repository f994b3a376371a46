using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.SharedKernel.Results;
using GreenIsland.Waste.Domain.Manifests;

namespace GreenIsland.Waste.Tests.Logistics;

public sealed class ManifestTests
{
    private static readonly DateTime Created = new(2026, 11, 20, 1, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Now = new(2026, 11, 21, 8, 0, 0, DateTimeKind.Utc);
    private static readonly WeightTolerance FivePercent = new(5m);
    private static readonly DateOnly Deadline = new(2026, 11, 27);

    [Fact]
    public void FullLife_MovesThroughEveryStateInOrder()
    {
        var m = NewManifest(100_000);
        var states = new List<(ManifestStatus, ManifestStatus)>
        {
            Pair(m.SignByGenerator(Created.AddHours(1), Now, "user:gen", GeneratorSignatureMethod.SecurityCode)),
            Pair(m.SignByCarrier(Created.AddHours(1), Now, "user:driver")),
            Pair(m.Receive(Created.AddHours(3), Now, "user:rx", new Dictionary<int, long> { [1] = 99_000 }, FivePercent, Deadline)),
            Pair(m.Decide(ManifestDecision.Accepted, Created.AddHours(4), Now, "user:rx", null, null)),
            Pair(m.Dispose(Created.AddHours(5), Now, "user:rx", "D10 incineration")),
        };

        Assert.Equal(
            [
                (ManifestStatus.Draft, ManifestStatus.SignedByGenerator),
                (ManifestStatus.SignedByGenerator, ManifestStatus.InTransit),
                (ManifestStatus.InTransit, ManifestStatus.Received),
                (ManifestStatus.Received, ManifestStatus.Accepted),
                (ManifestStatus.Accepted, ManifestStatus.Disposed),
            ], states);
        Assert.False(m.HasDiscrepancy);
        Assert.Equal(99_000, m.Lines[0].AcceptedQuantityG);
    }

    [Fact]
    public void SignByCarrier_WhenDatedBeforeTheGeneratorSignature_IsRefusedAndChangesNothing()
    {
        var m = NewManifest(10_000);
        m.SignByGenerator(Created.AddHours(2), Now, "user:gen", GeneratorSignatureMethod.Account);

        var error = Assert.Throws<DomainRuleViolationException>(() => m.SignByCarrier(Created.AddHours(1), Now, "user:driver"));

        Assert.Equal("SignaturesMustFollowTheWaste", error.Rule);
        Assert.Equal(ManifestStatus.SignedByGenerator, m.Status);
        Assert.Null(m.CarrierSignedAt);
    }

    [Fact]
    public void SignByGenerator_WhenDatedInTheFuture_IsRefused()
    {
        var m = NewManifest(10_000);

        var error = Assert.Throws<DomainRuleViolationException>(() => m.SignByGenerator(Now.AddSeconds(1), Now, "user:gen", GeneratorSignatureMethod.SecurityCode));

        Assert.Equal("SignaturesCannotBeDatedInTheFuture", error.Rule);
        Assert.Equal(ManifestStatus.Draft, m.Status);
    }

    [Fact]
    public void CheckSignatureInstant_NamesThePreviousSignature()
    {
        var m = InTransit(10_000);

        var reason = m.CheckSignatureInstant(ManifestStatus.Received, Created, Now);

        Assert.Contains("carrier's signature", reason, StringComparison.Ordinal);
        Assert.Null(m.CheckSignatureInstant(ManifestStatus.Received, Created.AddHours(2), Now));
    }

    [Fact]
    public void Receive_WhenWeightDiffersByMoreThanTolerance_FlagsDiscrepancy()
    {
        var m = InTransit(100_000);

        m.Receive(Created.AddHours(3), Now, "user:rx", new Dictionary<int, long> { [1] = 93_000 }, FivePercent, Deadline);

        Assert.True(m.HasDiscrepancy);
        Assert.Equal(7.00m, m.Lines[0].DeviationPercent);
        Assert.Equal(Deadline, m.ConfirmationDeadline);
    }

    [Fact]
    public void Receive_WhenWeightDiffersByExactlyTheTolerance_IsNotADiscrepancy()
    {
        var m = InTransit(100_000);

        m.Receive(Created.AddHours(3), Now, "user:rx", new Dictionary<int, long> { [1] = 105_000 }, FivePercent, Deadline);

        Assert.False(m.HasDiscrepancy);
    }

    [Fact]
    public void Receive_BeforeTheCarrierSigned_IsRefused()
    {
        var m = NewManifest(10_000);
        m.SignByGenerator(Created.AddHours(1), Now, "user:gen", GeneratorSignatureMethod.Account);

        var error = Assert.Throws<DomainRuleViolationException>(() =>
            m.Receive(Created.AddHours(3), Now, "user:rx", new Dictionary<int, long> { [1] = 10_000 }, FivePercent, Deadline));

        Assert.Equal("ManifestCannotBeReceivedBeforeItIsShipped", error.Rule);
    }

    [Fact]
    public void Receive_WithAMissingLine_IsRefused()
    {
        var m = InTransit(10_000);

        Assert.Throws<DomainRuleViolationException>(() => m.Receive(Created.AddHours(3), Now, "user:rx", new Dictionary<int, long>(), FivePercent, Deadline));
        Assert.Equal(ManifestStatus.InTransit, m.Status);
    }

    [Theory]
    [InlineData("Accepted", 50_000L)]
    [InlineData("Refused", 1_000L)]
    [InlineData("PartiallyRefused", 93_000L)]
    [InlineData("PartiallyRefused", 0L)]
    public void Decide_WhenQuantitiesContradictTheDecision_IsRefused(string decisionName, long accepted)
    {
        var decision = Enum.Parse<ManifestDecision>(decisionName);
        var m = Received(100_000, 93_000);

        Assert.Throws<DomainRuleViolationException>(() =>
            m.Decide(decision, Created.AddHours(4), Now, "user:rx", new Dictionary<int, long> { [1] = accepted }, "reason"));
        Assert.Equal(ManifestStatus.Received, m.Status);
    }

    [Fact]
    public void Decide_PartialRefusalWithoutReason_IsRefused()
    {
        var m = Received(100_000, 93_000);

        var error = Assert.Throws<DomainRuleViolationException>(() =>
            m.Decide(ManifestDecision.PartiallyRefused, Created.AddHours(4), Now, "user:rx", new Dictionary<int, long> { [1] = 50_000 }, " "));

        Assert.Equal("RefusalNeedsAReason", error.Rule);
    }

    [Fact]
    public void Dispose_ARefusedManifest_IsRefused()
    {
        var m = Received(100_000, 93_000);
        m.Decide(ManifestDecision.Refused, Created.AddHours(4), Now, "user:rx", null, "wrong waste");

        Assert.Throws<DomainRuleViolationException>(() => m.Dispose(Created.AddHours(5), Now, "user:rx", "D10"));
    }

    [Fact]
    public void Cancel_AfterShipping_IsRefused_ButADraftCanBeCancelled()
    {
        var shipped = InTransit(10_000);
        var draft = NewManifest(10_000);

        Assert.Throws<DomainRuleViolationException>(() => shipped.Cancel(Now, "user:disp", "no"));
        var t = draft.Cancel(Now, "user:disp", "request withdrawn");

        Assert.Equal(ManifestStatus.Cancelled, t.To);
    }

    [Fact]
    public void IsConfirmationOverdue_OnlyAfterTheDeadlineDay()
    {
        var m = Received(100_000, 100_000);

        Assert.False(m.IsConfirmationOverdue(Deadline));
        Assert.True(m.IsConfirmationOverdue(Deadline.AddDays(1)));
    }

    [Fact]
    public void ApplyCorrection_MakesANewVersionAndRecomputesTheDiscrepancy()
    {
        var m = Received(100_000, 93_000);
        Assert.True(m.HasDiscrepancy);

        var t = m.ApplyCorrection([new CorrectedLine(1, 94_000, null)], FivePercent, Now, "user:disp", "scale at pickup was miscalibrated");

        Assert.Equal(2, m.Version);
        Assert.Equal("Corrected", t.Type);
        Assert.False(m.HasDiscrepancy);
        Assert.Equal(1.06m, m.Lines[0].DeviationPercent);
    }

    [Fact]
    public void ApplyCorrection_OnADraft_IsRefused()
    {
        var m = NewManifest(10_000);

        Assert.Throws<DomainRuleViolationException>(() => m.ApplyCorrection([new CorrectedLine(1, 9_000, null)], FivePercent, Now, "user:disp", "x"));
        Assert.Equal(1, m.Version);
    }

    private static (ManifestStatus, ManifestStatus) Pair(ManifestTransition t) => (t.From, t.To);

    private static Manifest NewManifest(long grams)
    {
        var parties = new ManifestParties(OrganisationId.New(), SiteId.New(), "甲厂", JurisdictionId.New(), JurisdictionId.New(),
            OrganisationId.New(), "收运公司", Guid.NewGuid(), "苏E12345", "JS-2026-001", OrganisationId.New(), "处置中心");
        return Manifest.Draw(Guid.NewGuid(), "20263205000001", Guid.NewGuid(), parties,
            [new ManifestLineDraft("900-041-49", "废抹布", "HW49", "T,In", "Solid", "Bag", 1, grams, true)], Created, "user:disp");
    }

    private static Manifest InTransit(long grams)
    {
        var m = NewManifest(grams);
        m.SignByGenerator(Created.AddHours(1), Now, "user:gen", GeneratorSignatureMethod.SecurityCode);
        m.SignByCarrier(Created.AddHours(1), Now, "user:driver");
        return m;
    }

    private static Manifest Received(long shipped, long received)
    {
        var m = InTransit(shipped);
        m.Receive(Created.AddHours(3), Now, "user:rx", new Dictionary<int, long> { [1] = received }, FivePercent, Deadline);
        return m;
    }
}
