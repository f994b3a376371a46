using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using GreenIsland.IntegrationTests.Infrastructure;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Domain;
using GreenIsland.SharedKernel.Geography;
using GreenIsland.Telemetry.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GreenIsland.IntegrationTests.Waste;

/// <summary>
/// Issue 5's end-to-end scenario through the HTTP API, on both providers: a cabinet's readings raise exactly one
/// pickup request, the dispatcher plans and publishes a trip, the driver weighs, the generator confirms with its
/// security code, the manifest travels, is received 7 % light (discrepancy), accepted and disposed; the ledger
/// verifies and the collector's mass balance holds. The container was deposited at 100 kg and weighs 93 kg on the
/// driver's scale, so the waste ledger and the declaration carry a -7 kg weighing difference and still balance.
/// Plus the bad inputs of the driver and manifest steps.
/// </summary>
public abstract class CollectionScenarioTests(GreenIslandAppFactory factory)
{
    protected GreenIslandAppFactory App
    {
        get
        {
            factory.RequireDatabase();
            return factory;
        }
    }

    private static DateTimeOffset Now => TimeProvider.System.GetUtcNow();

    [Fact]
    public async Task ReadingsToDisposal_EndToEnd()
    {
        var w = await World.CreateAsync(App);

        // Readings push the cabinet past 0.8: exactly one pickup request, more readings do not add another.
        await w.ReadingAsync(0.85);
        await w.ReadingAsync(0.92);
        await w.ReadingAsync(0.95);
        var requests = (await w.Dispatcher.GetAsync("/api/waste/pickup-requests").ExpectJson(HttpStatusCode.OK)).AsArray()
            .Where(r => (string?)r!["organisationId"] == w.Generator.Id.Value.ToString()).ToList();
        var request = Assert.Single(requests)!;
        Assert.Equal("Open", (string?)request["status"]);

        // The dispatcher plans the day (the routing library) and publishes the trip to the driver.
        var plan = await w.Dispatcher.PostJsonAsync("/api/waste/dispatch/plans", new { date = w.Today, receiverId = w.Disposal.Id.Value }).ExpectJson(HttpStatusCode.OK);
        Assert.True((bool)plan["feasible"]!);
        Assert.Empty(plan["unplanned"]!.AsArray());
        var trip = Assert.Single(plan["trips"]!.AsArray())!;
        var stop = Assert.Single(trip["stops"]!.AsArray())!;
        Assert.Equal((string?)request["id"], (string?)stop["pickupRequestId"]);
        Assert.InRange((double)stop["latitude"]!, 31.0, 32.5);
        var tripId = (string)trip["id"]!;
        var stopId = (string)stop["id"]!;
        await w.Dispatcher.PostJsonAsync($"/api/waste/dispatch/trips/{tripId}/publish", new { driverUserId = w.DriverUser.Id }).Expect(HttpStatusCode.OK);

        // The driver sees the trip; weighs the container (a replay of the same key returns the first result).
        var mine = (await w.Driver.GetAsync($"/api/waste/driver/trips?date={w.Today}").ExpectJson(HttpStatusCode.OK)).AsArray();
        Assert.Equal(stopId, (string?)Assert.Single(Assert.Single(mine)!["stops"]!.AsArray())!["id"]);
        // Deposited at 100 kg (the enterprise's estimate); the driver's scale reads 93 kg.
        var weigh = new { containerCode = w.ContainerCode, weightKg = 93.000m, weighedAt = Now.AddMinutes(-6) };
        var first = await w.DriverActionAsync($"/api/waste/driver/stops/{stopId}/items", "k-weigh-1", weigh);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var replay = await w.DriverActionAsync($"/api/waste/driver/stops/{stopId}/items", "k-weigh-1", weigh);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());

        // The generator reads its one-time code in its own account and types it on the driver's phone.
        var code = (string)(await w.GeneratorClient.GetAsync($"/api/waste/stops/{stopId}/security-code").ExpectJson(HttpStatusCode.OK))["securityCode"]!;
        var signed = await (await w.DriverActionAsync($"/api/waste/driver/stops/{stopId}/confirm", "k-confirm-1",
            new { securityCode = code, signedAt = Now })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("SignedByGenerator", (string?)signed["status"]);
        var manifestId = (string)signed["id"]!;
        var number = (string)signed["number"]!;
        Assert.Matches("^[0-9]{14}$", number);
        Assert.StartsWith(string.Create(CultureInfo.InvariantCulture, $"{Now.ToOffset(TimeSpan.FromHours(8)).Year}"), number, StringComparison.Ordinal);
        Assert.True((bool)signed["lines"]![0]!["measured"]!);
        Assert.Equal(93m, (decimal)signed["lines"]![0]!["quantityKg"]!);

        // The cabinet was emptied: its fill alert closed by rule with the signature, naming the trip.
        var tripCode = (string)trip["code"]!;
        var fillAlert = Assert.Single((await w.GeneratorClient.GetAsync("/api/waste/alerts?kind=FillThreshold").ExpectJson(HttpStatusCode.OK)).AsArray())!;
        Assert.Equal(("Closed", "system:waste-rules", $"已收运（车次 {tripCode}）/ collected on trip {tripCode}"),
            ((string?)fillAlert["status"], (string?)fillAlert["closedBy"], (string?)fillAlert["closeReason"]));
        Assert.Contains((await w.Dispatcher.GetAsync("/api/waste/command-centre/alerts/closed?days=1").ExpectJson(HttpStatusCode.OK)).AsArray(),
            a => (string?)a!["id"] == (string?)fillAlert["id"]);

        // The carrier signs: in transit.
        var transit = await (await w.DriverActionAsync($"/api/waste/manifests/{manifestId}/sign-carrier", "k-carrier-1", new { signedAt = Now }))
            .ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("InTransit", (string?)transit["status"]);

        // Received 7 % lighter than the manifest's 93 kg (86.49 kg): a discrepancy the generator and the regulator see.
        var received = await w.DisposalClient.PostJsonAsync($"/api/waste/manifests/{manifestId}/receive",
            new { receivedAt = Now, lines = new[] { new { lineNo = 1, receivedKg = 86.49m } } }).ExpectJson(HttpStatusCode.OK);
        Assert.Equal("Received", (string?)received["status"]);
        Assert.True((bool)received["hasDiscrepancy"]!);
        Assert.Equal(7.00m, (decimal)received["lines"]![0]!["deviationPercent"]!);
        Assert.NotNull((string?)received["confirmationDeadline"]);
        Assert.True((bool)(await w.GeneratorClient.GetAsync($"/api/waste/manifests/{manifestId}").ExpectJson(HttpStatusCode.OK))["hasDiscrepancy"]!);
        var flagged = (await w.Regulator.GetAsync("/api/waste/manifests?discrepancy=true").ExpectJson(HttpStatusCode.OK)).AsArray();
        Assert.Contains(flagged, m => (string?)m!["id"] == manifestId);

        // Accepted, then disposed.
        await w.DisposalClient.PostJsonAsync($"/api/waste/manifests/{manifestId}/decision", new { decidedAt = Now, decision = "Accepted" })
            .Expect(HttpStatusCode.OK);
        var disposed = await w.DisposalClient.PostJsonAsync($"/api/waste/manifests/{manifestId}/dispose", new { disposedAt = Now, method = "D10 焚烧 incineration" })
            .ExpectJson(HttpStatusCode.OK);
        Assert.Equal("Disposed", (string?)disposed["status"]);
        Assert.Equal(
            ["Drawn", "SignedByGenerator", "InTransit", "Received", "Accepted", "Disposed"],
            disposed["events"]!.AsArray().Select(e => (string)e!["type"]!).ToArray());

        // The container's own life followed; the pickup request is collected.
        var container = await w.GeneratorClient.GetAsync($"/api/waste/containers/by-code/{Uri.EscapeDataString(w.ContainerCode)}").ExpectJson(HttpStatusCode.OK);
        Assert.Equal("Disposed", (string?)container["state"]);

        // The ledger verifies, on the manifest's stream and as a whole.
        var verified = await w.Regulator.GetAsync($"/api/ledger/verify?stream=manifest/{manifestId}").ExpectJson(HttpStatusCode.OK);
        Assert.True((bool)verified["ok"]!);
        Assert.Equal(6, (int)verified["entriesChecked"]!);
        Assert.True((bool)(await w.Regulator.GetAsync("/api/ledger/verify").ExpectJson(HttpStatusCode.OK))["ok"]!);

        // Mass balance of the collector holds at the measured weight: collected 93 kg = in stock 0 + delivered 93 + losses 0.
        var balance = await w.Dispatcher.GetAsync("/api/waste/warehouse/balance").ExpectJson(HttpStatusCode.OK);
        Assert.True((bool)balance["holds"]!);
        Assert.Equal((93m, 93m, 0m, 0m), ((decimal)balance["collectedKg"]!, (decimal)balance["deliveredKg"]!, (decimal)balance["closingStockKg"]!, (decimal)balance["lossesKg"]!));

        // The printable manifest.
        var pdf = await w.GeneratorClient.GetAsync($"/api/waste/manifests/{manifestId}/manifest.pdf").Expect(HttpStatusCode.OK);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var printed = Carbon.PdfText.Read(await pdf.Content.ReadAsByteArrayAsync()).All;
        Assert.Contains($"联单编号 No. {(string)disposed["number"]!}    版本 Version {(int)disposed["version"]!}    状态 Status Disposed", printed, StringComparison.Ordinal);
        Assert.Contains("D10 焚烧 incineration", printed, StringComparison.Ordinal);
        Assert.Contains(w.ContainerCode, printed, StringComparison.Ordinal);

        // The enterprise's declaration: once the period has ended (a host whose clock is early next year), the
        // generator opens this year's declaration and it is pre-filled from the ledger with exactly what was
        // deposited and shipped, per waste code: 100 kg of 900-041-49 generated, 93 kg transferred out (the manifest's
        // measured weight), a -7 kg weighing difference, none left; opening + generated + difference - transferred = closing.
        var year = Now.ToOffset(TimeSpan.FromHours(8)).Year;
        await using var later = App.At(new Telemetry.FakeTimeProvider(new DateTimeOffset(year + 1, 1, 4, 2, 0, 0, TimeSpan.Zero)));
        using var generatorLater = await later.SignedInAtAsync(w.GeneratorAdmin);
        var schedule = await generatorLater.GetAsync($"/api/waste/declarations/schedule?year={year}").ExpectJson(HttpStatusCode.OK);
        Assert.Equal("Annual", (string?)schedule["frequency"]);
        Assert.Equal("Open", (string?)Assert.Single(schedule["periods"]!.AsArray())!["state"]);
        var declaration = await generatorLater.PostJsonAsync("/api/waste/declarations", new { year, periodIndex = 1 }).ExpectJson(HttpStatusCode.OK);
        Assert.Equal("Draft", (string?)declaration["status"]);
        Assert.Equal(w.Generator.Id.Value.ToString(), (string?)declaration["organisationId"]);
        var line = Assert.Single(declaration["lines"]!.AsArray())!;
        Assert.Equal(("900-041-49", "HW49"), ((string?)line["wasteCode"], (string?)line["category"]));
        Assert.Equal((0m, 100m, -7m, 93m, 0m),
            ((decimal)line["openingKg"]!, (decimal)line["generatedKg"]!, (decimal)line["weighingDifferenceKg"]!, (decimal)line["transferredKg"]!, (decimal)line["closingKg"]!));
        AssertBalances(line);
        var stored = await generatorLater.GetAsync($"/api/waste/declarations/{(string)declaration["id"]!}").ExpectJson(HttpStatusCode.OK);
        var storedLine = Assert.Single(stored["lines"]!.AsArray())!;
        Assert.Equal((93m, -7m), ((decimal)storedLine["transferredKg"]!, (decimal)storedLine["weighingDifferenceKg"]!));

        // The waste ledger (台账) of the year: the same totals, the same identity; the transfer line notes the difference.
        var ledger = await generatorLater.GetAsync($"/api/waste/ledger?year={year}").ExpectJson(HttpStatusCode.OK);
        var totals = Assert.Single(ledger["totals"]!.AsArray(), t => (string?)t!["wasteCode"] == "900-041-49")!;
        Assert.Equal((100m, -7m, 93m, 0m),
            ((decimal)totals["generatedKg"]!, (decimal)totals["weighingDifferenceKg"]!, (decimal)totals["transferredKg"]!, (decimal)totals["closingKg"]!));
        AssertBalances(totals);
        var transfer = Assert.Single(ledger["entries"]!.AsArray(), e => (string?)e!["kind"] == "TransferredOut")!;
        Assert.Equal(93m, (decimal)transfer["outKg"]!);
        Assert.Contains("称重差异 -7 kg", (string?)transfer["note"], StringComparison.Ordinal);
        Assert.All(ledger["totals"]!.AsArray(), t => AssertBalances(t!));

        // The exports carry the column.
        var csv = await (await generatorLater.GetAsync($"/api/waste/declarations/{(string)declaration["id"]!}/export?format=csv").Expect(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        Assert.Contains("期初贮存(kg),产生量(kg),称重差异(kg),转移量(kg),期末贮存(kg)", csv, StringComparison.Ordinal);
        Assert.Contains(",0,100,-7,93,0", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DriverAndManifest_BadInput_IsRefusedWithTheFieldAndChangesNothing()
    {
        var w = await World.CreateAsync(App);
        await w.ReadingAsync(0.9);
        var plan = await w.Dispatcher.PostJsonAsync("/api/waste/dispatch/plans", new { date = w.Today, receiverId = w.Disposal.Id.Value }).ExpectJson(HttpStatusCode.OK);
        var trip = Assert.Single(plan["trips"]!.AsArray())!;
        var stopId = (string)trip["stops"]![0]!["id"]!;
        await w.Dispatcher.PostJsonAsync($"/api/waste/dispatch/trips/{(string)trip["id"]!}/publish", new { driverUserId = w.DriverUser.Id }).Expect(HttpStatusCode.OK);

        // Zero, negative and over-precise weights.
        foreach (var (key, kg) in new[] { ("b-0", 0m), ("b-neg", -5m), ("b-mg", 1.0001m) })
        {
            var bad = await (await w.DriverActionAsync($"/api/waste/driver/stops/{stopId}/items", key, new { containerCode = w.ContainerCode, weightKg = kg, weighedAt = Now.AddMinutes(-9) }))
                .ReadJsonAsync(HttpStatusCode.BadRequest);
            Assert.NotNull(bad["errors"]!["weightKg"]);
            Assert.Equal("WeightInvalid", (string?)bad["fieldCodes"]!["weightKg"]![0]); // the UI words the reason by its code
        }

        // Another collector's driver cannot see or act on the stop.
        var (_, strangerUser) = await App.MemberAsync(PlatformRoles.Driver);
        using (var stranger = await App.SignedInAsync(strangerUser))
        {
            var refused = await w.DriverActionAsync($"/api/waste/driver/stops/{stopId}/items", "s-1",
                new { containerCode = w.ContainerCode, weightKg = 10m, weighedAt = Now.AddMinutes(-9) }, stranger);
            Assert.Contains(refused.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.Forbidden });
            Assert.Empty((await stranger.GetAsync($"/api/waste/driver/trips?date={w.Today}").ExpectJson(HttpStatusCode.OK)).AsArray());
        }

        // The container is checked against the stop and the trip's vehicle (permit HW08 + HW49, one compartment):
        // a container of the enterprise's other site, and an acid (HW31) the permit does not cover, are refused on
        // containerCode with a reason code the phone words in Chinese.
        var otherSite = await w.OtherSiteAsync();
        var elsewhere = await w.StoredContainerAsync(otherSite, "900-041-49", "含油废抹布（二厂）", "General");
        var acid = await w.StoredContainerAsync(w.Generator.SiteId, "900-052-31", "废铅蓄电池酸液", "Acid");
        foreach (var (key, containerCode, reason) in new[] { ("l-site", elsewhere, "ContainerAtAnotherSite"), ("l-permit", acid, "CategoryNotOnVehiclePermit") })
        {
            var refusedLoad = await (await w.DriverActionAsync($"/api/waste/driver/stops/{stopId}/items", key, new { containerCode, weightKg = 5m, weighedAt = Now.AddMinutes(-9) }))
                .ReadJsonAsync(HttpStatusCode.BadRequest);
            Assert.Equal(reason, (string?)refusedLoad["fieldCodes"]!["containerCode"]![0]);
            Assert.NotNull(refusedLoad["errors"]!["containerCode"]);
        }

        // Nothing was weighed by the refusals.
        var stop = (await w.Driver.GetAsync($"/api/waste/driver/trips?date={w.Today}").ExpectJson(HttpStatusCode.OK))[0]!["stops"]![0]!;
        Assert.Empty(stop["items"]!.AsArray());

        await (await w.DriverActionAsync($"/api/waste/driver/stops/{stopId}/items", "ok-1", new { containerCode = w.ContainerCode, weightKg = 40.5m, weighedAt = Now.AddMinutes(-9) }))
            .ReadJsonAsync(HttpStatusCode.Created);

        // An oxidiser goes on (nothing incompatible aboard); waste mineral oil (combustible, EPA 6-B against the
        // oxidiser's 6-A) would share the vehicle's only compartment with it: 409, nothing weighed.
        var oxidiser = await w.StoredContainerAsync(w.Generator.SiteId, "900-047-49", "实验室废氧化剂", "Oxidiser");
        var oil = await w.StoredContainerAsync(w.Generator.SiteId, "900-249-08", "废矿物油", "Combustible");
        await (await w.DriverActionAsync($"/api/waste/driver/stops/{stopId}/items", "ok-2", new { containerCode = oxidiser, weightKg = 3m, weighedAt = Now.AddMinutes(-9) }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var clash = await (await w.DriverActionAsync($"/api/waste/driver/stops/{stopId}/items", "l-clash", new { containerCode = oil, weightKg = 8m, weighedAt = Now.AddMinutes(-9) }))
            .ReadJsonAsync(HttpStatusCode.Conflict);
        Assert.Equal("IncompatibleWastesCannotShareAVehicle", (string?)clash["title"]);
        Assert.Contains("Oxidiser", (string?)clash["detail"], StringComparison.Ordinal);
        stop = (await w.Driver.GetAsync($"/api/waste/driver/trips?date={w.Today}").ExpectJson(HttpStatusCode.OK))[0]!["stops"]![0]!;
        Assert.Equal(new[] { w.ContainerCode, oxidiser }.Order(StringComparer.Ordinal), stop["items"]!.AsArray().Select(i => (string)i!["containerCode"]!).Order(StringComparer.Ordinal));
        var oilNow = await w.GeneratorClient.GetAsync($"/api/waste/containers/by-code/{Uri.EscapeDataString(oil)}").ExpectJson(HttpStatusCode.OK);
        Assert.Equal("Stored", (string?)oilNow["state"]);
        var code = (string)(await w.GeneratorClient.GetAsync($"/api/waste/stops/{stopId}/security-code").ExpectJson(HttpStatusCode.OK))["securityCode"]!;

        // A wrong code and a signature dated in the future are refused with their field.
        var wrong = code == "000000" ? "111111" : "000000";
        var wrongCode = await (await w.DriverActionAsync($"/api/waste/driver/stops/{stopId}/confirm", "c-wrong", new { securityCode = wrong, signedAt = Now }))
            .ReadJsonAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(wrongCode["errors"]!["securityCode"]);
        Assert.Equal("SecurityCodeWrong", (string?)wrongCode["fieldCodes"]!["securityCode"]![0]);
        var future = await (await w.DriverActionAsync($"/api/waste/driver/stops/{stopId}/confirm", "c-future", new { securityCode = code, signedAt = Now.AddHours(1) }))
            .ReadJsonAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(future["errors"]!["signedAt"]);
        Assert.Equal("InFuture", (string?)future["fieldCodes"]!["signedAt"]![0]);

        var signed = await (await w.DriverActionAsync($"/api/waste/driver/stops/{stopId}/confirm", "c-ok", new { securityCode = code, signedAt = Now }))
            .ReadJsonAsync(HttpStatusCode.OK);
        var manifestId = (string)signed["id"]!;

        // A second confirmation of the same stop: 409. The generator signing in its own account afterwards: 409 too.
        var again = await w.DriverActionAsync($"/api/waste/driver/stops/{stopId}/confirm", "c-again", new { securityCode = code, signedAt = Now });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var inAccount = await w.DriverActionAsync($"/api/waste/manifests/{manifestId}/sign-generator", "g-again", new { signedAt = Now }, w.GeneratorClient);
        Assert.Equal(HttpStatusCode.Conflict, inAccount.StatusCode);

        // The carrier's signature out of order (before the generator's) or in the future.
        var early = await (await w.DriverActionAsync($"/api/waste/manifests/{manifestId}/sign-carrier", "cr-early", new { signedAt = Now.AddMinutes(-20) }))
            .ReadJsonAsync(HttpStatusCode.BadRequest);
        Assert.Contains("earlier than the generator's signature", (string)early["errors"]!["signedAt"]![0]!, StringComparison.Ordinal);
        await (await w.DriverActionAsync($"/api/waste/manifests/{manifestId}/sign-carrier", "cr-future", new { signedAt = Now.AddMinutes(30) }))
            .ReadJsonAsync(HttpStatusCode.BadRequest);

        // Receiving before the waste is in transit is refused; nothing changed. (Two lines: the rags and the oxidiser.)
        var notYet = await w.DisposalClient.PostJsonAsync($"/api/waste/manifests/{manifestId}/receive",
            new { receivedAt = Now, lines = new[] { new { lineNo = 1, receivedKg = 40.5m }, new { lineNo = 2, receivedKg = 3m } } });
        Assert.Equal(HttpStatusCode.Conflict, notYet.StatusCode);
        var manifest = await w.GeneratorClient.GetAsync($"/api/waste/manifests/{manifestId}").ExpectJson(HttpStatusCode.OK);
        Assert.Equal("SignedByGenerator", (string?)manifest["status"]);
        Assert.Null((string?)manifest["carrierSignedAt"]);
        Assert.Equal(2, manifest["events"]!.AsArray().Count);
    }

    [Fact]
    public async Task SecurityCode_LocksAfterFiveWrongCodes_RefusesTheRightOne_UntilANewCodeIsIssued()
    {
        var w = await World.CreateAsync(App);
        await w.ReadingAsync(0.9);
        var plan = await w.Dispatcher.PostJsonAsync("/api/waste/dispatch/plans", new { date = w.Today, receiverId = w.Disposal.Id.Value }).ExpectJson(HttpStatusCode.OK);
        var trip = Assert.Single(plan["trips"]!.AsArray())!;
        var stopId = (string)trip["stops"]![0]!["id"]!;
        await w.Dispatcher.PostJsonAsync($"/api/waste/dispatch/trips/{(string)trip["id"]!}/publish", new { driverUserId = w.DriverUser.Id }).Expect(HttpStatusCode.OK);
        await (await w.DriverActionAsync($"/api/waste/driver/stops/{stopId}/items", "l-weigh", new { containerCode = w.ContainerCode, weightKg = 40.5m, weighedAt = Now.AddMinutes(-9) }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var code = (string)(await w.GeneratorClient.GetAsync($"/api/waste/stops/{stopId}/security-code").ExpectJson(HttpStatusCode.OK))["securityCode"]!;
        var wrong = code == "000000" ? "111111" : "000000";
        async Task<JsonNode> DriverStopAsync() => (await w.Driver.GetAsync($"/api/waste/driver/trips?date={w.Today}").ExpectJson(HttpStatusCode.OK))[0]!["stops"]![0]!;
        var before = await DriverStopAsync();

        // Five wrong codes (each with a fresh Idempotency-Key, as a guesser would send them): 400 on securityCode, counting down.
        for (var i = 1; i <= 5; i++)
        {
            var refused = await (await w.DriverActionAsync($"/api/waste/driver/stops/{stopId}/confirm", $"l-wrong-{i}", new { securityCode = wrong, signedAt = Now }))
                .ReadJsonAsync(HttpStatusCode.BadRequest);
            var reason = (string)refused["errors"]!["securityCode"]![0]!;
            Assert.Contains(i < 5 ? $"{5 - i} tries left" : "locked", reason, StringComparison.Ordinal);
        }

        // Now even the right code is refused: 409 SecurityCodeLocked. A malformed code too (the lock comes first).
        var locked = await (await w.DriverActionAsync($"/api/waste/driver/stops/{stopId}/confirm", "l-right-locked", new { securityCode = code, signedAt = Now }))
            .ReadJsonAsync(HttpStatusCode.Conflict);
        Assert.Equal("SecurityCodeLocked", (string?)locked["title"]);
        var lockedAgain = await w.DriverActionAsync($"/api/waste/driver/stops/{stopId}/confirm", "l-wrong-6", new { securityCode = wrong, signedAt = Now });
        Assert.Equal(HttpStatusCode.Conflict, lockedAgain.StatusCode);

        // The refusals changed nothing but the count: the stop is open with its weighing, the manifest still a draft with one event.
        var after = await DriverStopAsync();
        Assert.Equal("Planned", (string?)after["status"]);
        Assert.True((bool)after["securityCodeLocked"]!);
        Assert.False((bool)before["securityCodeLocked"]!);
        Assert.Equal(before["items"]!.ToJsonString(), after["items"]!.ToJsonString());
        var manifestId = (string)after["manifestId"]!;
        var manifest = await w.GeneratorClient.GetAsync($"/api/waste/manifests/{manifestId}").ExpectJson(HttpStatusCode.OK);
        Assert.Equal("Draft", (string?)manifest["status"]);
        Assert.Null((string?)manifest["generatorSignedAt"]);
        Assert.Single(manifest["events"]!.AsArray());
        var state = await w.GeneratorClient.GetAsync($"/api/waste/stops/{stopId}/security-code").ExpectJson(HttpStatusCode.OK);
        Assert.True((bool)state["locked"]!);
        Assert.Equal(0, (int)state["attemptsLeft"]!);
        // The generator's upcoming pickups (where its page offers the new code) show the stop as locked.
        var upcoming = (await w.GeneratorClient.GetAsync("/api/waste/stops/upcoming").ExpectJson(HttpStatusCode.OK))
            .AsArray().Single(s => (string?)s!["stopId"] == stopId)!;
        Assert.True((bool)upcoming["securityCodeLocked"]!);
        var dispatcherStop = (await w.Dispatcher.GetAsync($"/api/waste/dispatch/trips?date={w.Today}").ExpectJson(HttpStatusCode.OK))
            .AsArray().SelectMany(t => t!["stops"]!.AsArray()).Single(s => (string?)s!["id"] == stopId)!;
        Assert.True((bool)dispatcherStop["securityCodeLocked"]!);

        // The driver cannot issue a new code; the carrier's dispatcher can, without seeing it.
        var byDriver = await w.Driver.PostJsonAsync($"/api/waste/stops/{stopId}/security-code", null);
        Assert.Equal(HttpStatusCode.Forbidden, byDriver.StatusCode);
        var reissued = await w.Dispatcher.PostJsonAsync($"/api/waste/stops/{stopId}/security-code", null).ExpectJson(HttpStatusCode.OK);
        Assert.Null((string?)reissued["securityCode"]);
        Assert.False((bool)reissued["locked"]!);
        Assert.Equal(5, (int)reissued["attemptsLeft"]!);

        // The generator reads the new code in its account (the generator may also issue one: the count starts again).
        var fresh = await w.GeneratorClient.PostJsonAsync($"/api/waste/stops/{stopId}/security-code", null).ExpectJson(HttpStatusCode.OK);
        var newCode = (string)fresh["securityCode"]!;
        Assert.False((bool)fresh["locked"]!);
        Assert.Equal(newCode, (string?)(await w.GeneratorClient.GetAsync($"/api/waste/stops/{stopId}/security-code").ExpectJson(HttpStatusCode.OK))["securityCode"]);
        if (newCode != code)
        {
            await (await w.DriverActionAsync($"/api/waste/driver/stops/{stopId}/confirm", "l-old", new { securityCode = code, signedAt = Now }))
                .ReadJsonAsync(HttpStatusCode.BadRequest);
        }

        var signed = await (await w.DriverActionAsync($"/api/waste/driver/stops/{stopId}/confirm", "l-new", new { securityCode = newCode, signedAt = Now }))
            .ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("SignedByGenerator", (string?)signed["status"]);
        Assert.Equal(40.5m, (decimal)signed["lines"]![0]!["quantityKg"]!);

        // A confirmed stop gets no new code.
        var late = await w.GeneratorClient.PostJsonAsync($"/api/waste/stops/{stopId}/security-code", null);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);

        // The lock and both new codes are on the manifest's ledger stream, between its drawing and the generator's signature.
        var trail = (await w.Regulator.GetAsync($"/api/ledger/entries?stream=manifest/{manifestId}").ExpectJson(HttpStatusCode.OK))["items"]!.AsArray()
            .Select(e => (string)e!["type"]!).ToList();
        Assert.Equal(new[] { "ManifestDrawn", "SecurityCodeLocked", "SecurityCodeReissued", "SecurityCodeReissued", "ManifestSignedByGenerator" }, trail);
    }

    [Fact]
    public async Task ManifestList_UnknownStatus_IsRefusedNamingStatus()
    {
        var (_, user) = await App.MemberAsync(PlatformRoles.EnterpriseAdmin);
        using var client = await App.SignedInAsync(user);
        foreach (var bad in new[] { "foo", "4", "Receivedx" })
        {
            var refused = await client.GetAsync($"/api/waste/manifests?status={Uri.EscapeDataString(bad)}").ExpectJson(HttpStatusCode.BadRequest);
            Assert.Contains("Received", (string)refused["errors"]!["status"]![0]!, StringComparison.Ordinal);
        }

        Assert.Empty((await client.GetAsync("/api/waste/manifests?status=Received").ExpectJson(HttpStatusCode.OK)).AsArray());
        Assert.Empty((await client.GetAsync("/api/waste/manifests").ExpectJson(HttpStatusCode.OK)).AsArray());
    }

    [Fact]
    public async Task Correction_AgreedByEveryParty_BecomesVersion2_AndClearsTheDiscrepancy()
    {
        var w = await World.CreateAsync(App);
        var manifestId = await w.ReceivedManifestAsync(shippedKg: 100m, receivedKg: 93m);
        async Task<System.Text.Json.Nodes.JsonNode> DiscrepancyAlertAsync() =>
            Assert.Single((await w.GeneratorClient.GetAsync("/api/waste/alerts?kind=ManifestWeightDiscrepancy").ExpectJson(HttpStatusCode.OK)).AsArray(),
                a => (string?)a!["subjectId"] == manifestId)!;
        Assert.Equal("Open", (string?)(await DiscrepancyAlertAsync())["status"]);

        // Not a party: refused. A party proposes (the carrier: the pickup scale read 6 kg too much).
        var refused = await w.Regulator.PostJsonAsync($"/api/waste/manifests/{manifestId}/corrections",
            new { reason = "x", lines = new[] { new { lineNo = 1, quantityKg = 94m } } });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var proposed = await w.Dispatcher.PostJsonAsync($"/api/waste/manifests/{manifestId}/corrections",
            new { reason = "车载秤误差 6 kg / pickup scale off by 6 kg", lines = new[] { new { lineNo = 1, quantityKg = 94m } } }).ExpectJson(HttpStatusCode.Created);
        var correctionId = (string)proposed["id"]!;
        Assert.Equal("Pending", (string?)proposed["status"]);
        Assert.Equal(1, (int)(await w.GeneratorClient.GetAsync($"/api/waste/manifests/{manifestId}").ExpectJson(HttpStatusCode.OK))["version"]!);
        Assert.Equal("测试用户 " + PlatformRoles.CollectorDispatcher, (string?)proposed["proposedByName"]);
        Assert.Equal("Open", (string?)(await DiscrepancyAlertAsync())["status"]);

        await w.GeneratorClient.PostJsonAsync($"/api/waste/manifests/{manifestId}/corrections/{correctionId}/agree", null).Expect(HttpStatusCode.OK);
        var applied = await w.DisposalClient.PostJsonAsync($"/api/waste/manifests/{manifestId}/corrections/{correctionId}/agree", null).ExpectJson(HttpStatusCode.OK);
        Assert.Equal("Applied", (string?)applied["status"]);

        var manifest = await w.GeneratorClient.GetAsync($"/api/waste/manifests/{manifestId}").ExpectJson(HttpStatusCode.OK);
        Assert.Equal(2, (int)manifest["version"]!);
        Assert.False((bool)manifest["hasDiscrepancy"]!);
        Assert.Equal(94m, (decimal)manifest["lines"]![0]!["quantityKg"]!);
        Assert.Equal("Corrected", (string?)manifest["events"]!.AsArray()[^1]!["type"]);
        Assert.Equal("测试用户 " + PlatformRoles.DisposalOperator, (string?)manifest["events"]!.AsArray()[^1]!["actorName"]);
        var resolved = await DiscrepancyAlertAsync();
        Assert.Equal("Closed", (string?)resolved["status"]);
        Assert.Contains("version 2", (string?)resolved["closeReason"], StringComparison.Ordinal);
        Assert.Equal("测试用户 " + PlatformRoles.DisposalOperator, (string?)resolved["closedByName"]);

        // The closing is on the ledger, as a person's closing would be: who (the last party to agree), why, which correction.
        var closing = Assert.Single(await AlertLedgerAsync((string)resolved["id"]!));
        Assert.Equal("AlertClosed", closing.Type);
        Assert.Equal((string?)resolved["closedBy"], closing.Actor);
        var payload = System.Text.Json.Nodes.JsonNode.Parse(closing.Payload)!;
        Assert.Equal((correctionId, manifestId, 2), ((string?)payload["correctionId"], (string?)payload["manifestId"], (int)payload["version"]!));
        Assert.Equal((string?)resolved["closeReason"], (string?)payload["reason"]);

        // A second agreement to the applied correction changes nothing.
        var again = await w.GeneratorClient.PostJsonAsync($"/api/waste/manifests/{manifestId}/corrections/{correctionId}/agree", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Correction_ThatCreatesADiscrepancy_RaisesTheAlert_AndOneThatResolvesIt_ClosesItOnTheLedger()
    {
        var w = await World.CreateAsync(App);
        var manifestId = await w.ReceivedManifestAsync(shippedKg: 100m, receivedKg: 100m);
        async Task<List<System.Text.Json.Nodes.JsonNode>> DiscrepancyAlertsAsync(ApiClient client) =>
            (await client.GetAsync("/api/waste/alerts?kind=ManifestWeightDiscrepancy").ExpectJson(HttpStatusCode.OK)).AsArray()
                .Where(a => (string?)a!["subjectId"] == manifestId).Select(a => a!).ToList();
        Assert.Empty(await DiscrepancyAlertsAsync(w.GeneratorClient));

        // The generator's own scale says 120 kg left the site: once every party agrees, received (100) is 16.7 % short.
        var up = await w.GeneratorClient.PostJsonAsync($"/api/waste/manifests/{manifestId}/corrections",
            new { reason = "出厂过磅单为 120 kg / weighbridge ticket says 120 kg", lines = new[] { new { lineNo = 1, quantityKg = 120m } } }).ExpectJson(HttpStatusCode.Created);
        await w.Dispatcher.PostJsonAsync($"/api/waste/manifests/{manifestId}/corrections/{(string)up["id"]!}/agree", null).Expect(HttpStatusCode.OK);
        Assert.Empty(await DiscrepancyAlertsAsync(w.GeneratorClient)); // not applied until the last party agrees
        await w.DisposalClient.PostJsonAsync($"/api/waste/manifests/{manifestId}/corrections/{(string)up["id"]!}/agree", null).Expect(HttpStatusCode.OK);
        var manifest = await w.GeneratorClient.GetAsync($"/api/waste/manifests/{manifestId}").ExpectJson(HttpStatusCode.OK);
        Assert.Equal((2, true), ((int)manifest["version"]!, (bool)manifest["hasDiscrepancy"]!));
        var raised = Assert.Single(await DiscrepancyAlertsAsync(w.GeneratorClient));
        Assert.Equal("Open", (string?)raised["status"]);
        Assert.Contains("version 2", (string?)raised["message"], StringComparison.Ordinal);
        Assert.True((double)raised["value"]! > (double)raised["threshold"]!);
        // The regulator of the town sees it, as it sees one raised on receipt.
        Assert.Single(await DiscrepancyAlertsAsync(w.Regulator));

        // A correction that keeps a discrepancy does not raise a second alert.
        var still = await w.Dispatcher.PostJsonAsync($"/api/waste/manifests/{manifestId}/corrections",
            new { reason = "复核为 118 kg / rechecked: 118 kg", lines = new[] { new { lineNo = 1, quantityKg = 118m } } }).ExpectJson(HttpStatusCode.Created);
        await w.GeneratorClient.PostJsonAsync($"/api/waste/manifests/{manifestId}/corrections/{(string)still["id"]!}/agree", null).Expect(HttpStatusCode.OK);
        await w.DisposalClient.PostJsonAsync($"/api/waste/manifests/{manifestId}/corrections/{(string)still["id"]!}/agree", null).Expect(HttpStatusCode.OK);
        Assert.Equal((string?)raised["id"], (string?)Assert.Single(await DiscrepancyAlertsAsync(w.GeneratorClient))["id"]);
        Assert.Empty(await AlertLedgerAsync((string)raised["id"]!));

        // Back within the tolerance: the alert closes, on the ledger.
        var back = await w.DisposalClient.PostJsonAsync($"/api/waste/manifests/{manifestId}/corrections",
            new { reason = "过磅单录入错误 / ticket mistyped", lines = new[] { new { lineNo = 1, quantityKg = 101m } } }).ExpectJson(HttpStatusCode.Created);
        await w.GeneratorClient.PostJsonAsync($"/api/waste/manifests/{manifestId}/corrections/{(string)back["id"]!}/agree", null).Expect(HttpStatusCode.OK);
        await w.Dispatcher.PostJsonAsync($"/api/waste/manifests/{manifestId}/corrections/{(string)back["id"]!}/agree", null).Expect(HttpStatusCode.OK);
        var closed = Assert.Single(await DiscrepancyAlertsAsync(w.GeneratorClient));
        Assert.Equal("Closed", (string?)closed["status"]);
        Assert.Equal("测试用户 " + PlatformRoles.CollectorDispatcher, (string?)closed["closedByName"]);
        var entry = Assert.Single(await AlertLedgerAsync((string)raised["id"]!));
        Assert.Equal(("AlertClosed", (string?)closed["closedBy"]), (entry.Type, entry.Actor));
    }

    private Task<List<(string Type, string Actor, string Payload)>> AlertLedgerAsync(string alertId) =>
        App.WithDbAsync(async db => (await db.LedgerEntries.Where(e => e.Stream == "waste-alert/" + alertId).OrderBy(e => e.Sequence)
            .Select(e => new { e.Type, e.Actor, e.Payload }).ToListAsync()).Select(e => (e.Type, e.Actor, e.Payload)).ToList());

    private static void AssertBalances(JsonNode line) =>
        Assert.Equal((decimal)line["closingKg"]!,
            (decimal)line["openingKg"]! + (decimal)line["generatedKg"]! + (decimal)line["weighingDifferenceKg"]! - (decimal)line["transferredKg"]!);

    internal sealed record World(
        TestOrganisation Generator, ApiClient GeneratorClient, TestOrganisation Collector, ApiClient Dispatcher, TestUser DriverUser, ApiClient Driver,
        TestOrganisation Disposal, ApiClient DisposalClient, ApiClient Regulator, string DeviceKey, Guid DeviceId, string ContainerCode, string Today, GreenIslandAppFactory App,
        TestUser GeneratorAdmin)
    {
        public static async Task<World> CreateAsync(GreenIslandAppFactory app)
        {
            var town = app.District.TownA;
            var (generator, generatorAdmin) = await app.MemberAsync(PlatformRoles.EnterpriseAdmin, town);
            var (collector, dispatcherUser) = await app.MemberAsync(PlatformRoles.CollectorDispatcher, town);
            var driverUser = await app.UserAsync(collector.Id, PlatformRoles.Driver);
            var (disposal, disposalUser) = await app.MemberAsync(PlatformRoles.DisposalOperator, town);
            var (_, regulatorUser) = await app.MemberAsync(PlatformRoles.Regulator, town, supervised: town);
            var generatorClient = await app.SignedInAsync(generatorAdmin);
            var dispatcher = await app.SignedInAsync(dispatcherUser);
            var today = TimeProvider.System.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

            await generatorClient.PostJsonAsync("/api/waste/service-agreements",
                new { collectorId = collector.Id.Value, generatorId = generator.Id.Value, validFrom = "2026-01-01" }).Expect(HttpStatusCode.Created);
            var device = await generatorClient.PostJsonAsync("/api/devices", new { siteId = generator.SiteId.Value, name = "危废暂存柜", kind = "StorageCabinet" })
                .ExpectJson(HttpStatusCode.Created);
            var deviceId = Guid.Parse((string)device["id"]!);
            var key = (string)(await generatorClient.SendAsync(HttpMethod.Post, $"/api/devices/{deviceId}/keys").ExpectJson(HttpStatusCode.Created))["key"]!;
            await generatorClient.PutJsonAsync($"/api/telemetry/devices/{deviceId}", new { type = "StorageCabinet", intervalSeconds = 300, isActive = true }).Expect(HttpStatusCode.OK);
            var cabinet = await generatorClient.PostJsonAsync("/api/waste/cabinets", new
            {
                deviceId,
                name = "1号柜",
                compartments = new[] { new { number = 1, name = "A", capacityLitres = 400, allowedGroup = "General" } },
            }).ExpectJson(HttpStatusCode.Created);
            var stream = await generatorClient.PostJsonAsync("/api/waste/streams", new
            {
                siteId = generator.SiteId.Value,
                edition = "2025",
                wasteCode = "900-041-49",
                name = "含油废抹布",
                physicalForm = "Solid",
                characteristics = new[] { "T", "In" },
                packaging = "编织袋",
                expectedAnnualKg = 800m,
                compatibilityGroup = "General",
            }).ExpectJson(HttpStatusCode.Created);
            var container = await generatorClient.PostJsonAsync("/api/waste/containers", new
            {
                cabinetId = (string)cabinet["id"]!,
                compartmentNumber = 1,
                streamId = (string)stream["id"]!,
                weightKg = 100m,
                volumeLitres = 60,
                generatedOn = today,
                mainComponents = "矿物油、棉纤维",
                precautions = "远离火源",
            }).ExpectJson(HttpStatusCode.Created);

            await dispatcher.PostJsonAsync("/api/waste/vehicles", new
            {
                plate = Arrange.Unique("苏E")[..8],
                permitNumber = "苏危运-2026-001",
                categories = new[] { "HW08", "HW49" },
                capacityKg = 2000,
                shiftStart = "08:00",
                shiftEnd = "18:00",
                depotSiteId = collector.SiteId.Value,
            }).Expect(HttpStatusCode.Created);

            return new World(generator, generatorClient, collector, dispatcher, driverUser, await app.SignedInAsync(driverUser), disposal,
                await app.SignedInAsync(disposalUser), await app.SignedInAsync(regulatorUser), key, deviceId, (string)container["code"]!, today, app, generatorAdmin);
        }

        /// <summary>A second site of the generator (another plant of the same enterprise).</summary>
        public Task<SiteId> OtherSiteAsync() =>
            App.WithDbAsync(async db =>
            {
                var town = await db.Jurisdictions.SingleAsync(j => j.Id == Generator.TownId);
                Assert.True(GeoPoint.TryCreate(31.75, 120.05, out var location, out _, out _));
                var site = Site.Open(SiteId.New(), Generator.Id, Generator.Name + "二厂", "测试路2号", town, location, "3360", isDemo: false,
                    TimeProvider.System.GetUtcNow().UtcDateTime);
                db.Sites.Add(site);
                await db.SaveChangesAsync();
                return site.Id;
            });

        /// <summary>A container of the generator stored at <paramref name="site"/>, in a cabinet of its own whose compartment takes the group; returns its code.</summary>
        public async Task<string> StoredContainerAsync(SiteId site, string wasteCode, string name, string group)
        {
            var device = await GeneratorClient.PostJsonAsync("/api/devices", new { siteId = site.Value, name = "危废暂存柜", kind = "StorageCabinet" }).ExpectJson(HttpStatusCode.Created);
            var deviceId = Guid.Parse((string)device["id"]!);
            await GeneratorClient.PutJsonAsync($"/api/telemetry/devices/{deviceId}", new { type = "StorageCabinet", intervalSeconds = 300, isActive = true }).Expect(HttpStatusCode.OK);
            var cabinet = await GeneratorClient.PostJsonAsync("/api/waste/cabinets", new
            {
                deviceId,
                name = "专用柜",
                compartments = new[] { new { number = 1, name = "A", capacityLitres = 200, allowedGroup = group } },
            }).ExpectJson(HttpStatusCode.Created);
            var stream = await GeneratorClient.PostJsonAsync("/api/waste/streams", new
            {
                siteId = site.Value,
                wasteCode,
                name,
                physicalForm = "Liquid",
                packaging = "塑料桶",
                expectedAnnualKg = 100m,
                compatibilityGroup = group,
            }).ExpectJson(HttpStatusCode.Created);
            var container = await GeneratorClient.PostJsonAsync("/api/waste/containers", new
            {
                cabinetId = (string)cabinet["id"]!,
                compartmentNumber = 1,
                streamId = (string)stream["id"]!,
                weightKg = 5m,
                volumeLitres = 20,
                generatedOn = Today,
            }).ExpectJson(HttpStatusCode.Created);
            return (string)container["code"]!;
        }

        /// <summary>A fill reading through the real ingest, then the Telemetry outbox delivers the event to Waste.</summary>
        public async Task ReadingAsync(double fill)
        {
            using var client = App.NewClient();
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/telemetry/readings")
            {
                Content = System.Net.Http.Json.JsonContent.Create(
                    new { readings = new[] { new { deviceId = DeviceId, metric = "fill_ratio", ts = TimeProvider.System.GetUtcNow().UtcDateTime, value = fill } } },
                    options: Json.Options),
            };
            request.Headers.Add("X-Device-Key", DeviceKey);
            var response = await client.Http.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            await App.WithScopeAsync(sp => sp.GetRequiredService<OutboxDispatcher>().DispatchPendingAsync(TimeProvider.System.GetUtcNow().UtcDateTime, CancellationToken.None));
        }

        /// <summary>Runs the flow up to a manifest received at the disposal facility; returns the manifest id.</summary>
        public async Task<string> ReceivedManifestAsync(decimal shippedKg, decimal receivedKg)
        {
            await ReadingAsync(0.9);
            var plan = await Dispatcher.PostJsonAsync("/api/waste/dispatch/plans", new { date = Today, receiverId = Disposal.Id.Value }).ExpectJson(HttpStatusCode.OK);
            var trip = Assert.Single(plan["trips"]!.AsArray())!;
            var stopId = (string)trip["stops"]![0]!["id"]!;
            await Dispatcher.PostJsonAsync($"/api/waste/dispatch/trips/{(string)trip["id"]!}/publish", new { driverUserId = DriverUser.Id }).Expect(HttpStatusCode.OK);
            await (await DriverActionAsync($"/api/waste/driver/stops/{stopId}/items", "r-weigh", new { containerCode = ContainerCode, weightKg = shippedKg, weighedAt = Now }))
                .ReadJsonAsync(HttpStatusCode.Created);
            var code = (string)(await GeneratorClient.GetAsync($"/api/waste/stops/{stopId}/security-code").ExpectJson(HttpStatusCode.OK))["securityCode"]!;
            var manifestId = (string)(await (await DriverActionAsync($"/api/waste/driver/stops/{stopId}/confirm", "r-confirm", new { securityCode = code, signedAt = Now }))
                .ReadJsonAsync(HttpStatusCode.OK))["id"]!;
            await (await DriverActionAsync($"/api/waste/manifests/{manifestId}/sign-carrier", "r-carrier", new { signedAt = Now })).ReadJsonAsync(HttpStatusCode.OK);
            await DisposalClient.PostJsonAsync($"/api/waste/manifests/{manifestId}/receive",
                new { receivedAt = Now, lines = new[] { new { lineNo = 1, receivedKg } } }).Expect(HttpStatusCode.OK);
            return manifestId;
        }

        public Task<HttpResponseMessage> DriverActionAsync(string path, string key, object body, ApiClient? client = null)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = System.Net.Http.Json.JsonContent.Create(body, options: Json.Options) };
            request.Headers.Add("Idempotency-Key", key + "-" + DeviceId.ToString("N")[..8]);
            return (client ?? Driver).Http.SendAsync(request);
        }
    }
}

internal static class ScenarioHttp
{
    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CollectionScenarioTestsOnSqlite(SqliteAppFactory factory) : CollectionScenarioTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class CollectionScenarioTestsOnPostgreSql(PostgresAppFactory factory) : CollectionScenarioTests(factory);
