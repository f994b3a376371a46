using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GreenIsland.Cli.Telemetry;

/// <summary>
/// The live feed of the demo district's waste cabinets (part of <c>greenisland simulate</c>). It discovers, through the
/// API, the cabinets whose device is a registered demo storage-cabinet device, continues from each cabinet's current
/// fill, and reports what the cabinet's sensors would: enterprises deposit containers every few days (each deposit
/// raises the fill by a few percent and the weight with it), temperature follows the day, VOC follows the fill (and
/// rises for a while when a solvent drum was put away badly). The platform's own rules react: past 0.8 the Waste module
/// opens the pickup request and the alert. When a cabinet is emptied by a collection (its stored containers drop), the
/// fill drops too. <c>--speed</c> compresses the deposits' time (1440: a simulated day per real minute), so a viewer
/// sees cabinets cross the threshold within minutes; readings always carry the real time.
/// A cabinet reports on its interval (5 minutes) and at once after a deposit, with its own device key (issued once
/// through the API and kept in a state file).
/// </summary>
internal sealed class CabinetFeed(HttpClient http, TextWriter log, double speed, Func<CancellationToken, Task<string>> signIn, TimeProvider clock)
{
    private const int IntervalSeconds = 300;
    private static readonly JsonSerializerOptions StateJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Fill ratio at which the Waste rules open a pickup request (what the log counts).</summary>
    public const double Trigger = 0.8;

    private List<FeedCabinet> cabinets = [];
    private string bearer = string.Empty;
    private DateTime signedInAt;
    private DateTime lastReal;
    private DateTime lastPoll;
    private DateTime simNow;

    internal sealed record KeyState(string BaseUrl, Dictionary<Guid, string> Keys);

    /// <summary>What one step of the feed did.</summary>
    /// <param name="Deposits">Deposits made in the simulated time since the previous step.</param>
    /// <param name="Crossed">Cabinets whose fill crossed <see cref="Trigger"/> through those deposits.</param>
    /// <param name="Reports">Ingest requests sent (one per cabinet reporting).</param>
    /// <param name="Accepted">Readings the platform accepted as new.</param>
    /// <param name="Rejected">Readings the platform rejected (listed in the log).</param>
    /// <param name="Failed">Ingest requests that failed (non-success status or no answer).</param>
    /// <param name="Emptied">Cabinets found emptied by a collection.</param>
    internal readonly record struct FeedStep(int Deposits, int Crossed, int Reports, int Accepted, int Rejected, int Failed, int Emptied);

    /// <summary>
    /// One demo cabinet as the feed models it. Deposits and their timing come from a <see cref="System.Random"/> seeded
    /// per cabinet, so a cabinet's story is reproducible for its seed.
    /// </summary>
    internal sealed class FeedCabinet(Guid cabinetId, Guid deviceId, string name, string key, double fill, int stored, int seed)
    {
        public Guid CabinetId { get; } = cabinetId;

        public Guid DeviceId { get; } = deviceId;

        public string Name { get; } = name;

        public string Key { get; } = key;

        public int Seed { get; } = seed;

        public Random Random { get; } = new(seed);

        public double Fill { get; private set; } = Math.Clamp(fill, 0, 1);

        public int StoredContainers { get; private set; } = stored;

        /// <summary>Kilograms per unit of fill (what a full cabinet of this enterprise's waste weighs).</summary>
        public double KgPerFill { get; init; } = 500;

        /// <summary>Mean simulated days between two deposits.</summary>
        public double MeanDaysBetweenDeposits { get; init; } = 7;

        public DateTime NextDepositSim { get; set; }

        public DateTime NextReport { get; set; }

        /// <summary>Extra VOC (ppm) from a badly closed drum, decaying over simulated hours.</summary>
        public double VocExcess { get; private set; }

        public bool Changed { get; set; }

        /// <summary>Simulated time to the next deposit: exponential around the cabinet's mean, at least about an hour.</summary>
        public TimeSpan NextGap() =>
            TimeSpan.FromDays(Math.Max(0.05, -Math.Log(1 - Random.NextDouble()) * MeanDaysBetweenDeposits));

        /// <summary>An enterprise puts a container away: the fill rises by 3-12 % (a full cabinet takes nothing more).</summary>
        public void Deposit()
        {
            if (Fill >= 0.97)
            {
                return; // full: nothing more fits until it is emptied
            }

            Fill = Math.Min(0.99, Fill + 0.03 + (Random.NextDouble() * 0.09));
            if (Random.NextDouble() < 0.02)
            {
                VocExcess = 45 + (Random.NextDouble() * 30); // a solvent drum put away with a loose lid
            }

            Changed = true;
        }

        /// <summary>Simulated time passes: a loose lid's VOC excess fades (half-life about 1.4 hours).</summary>
        public void Elapse(TimeSpan simulated) => VocExcess *= Math.Exp(-simulated.TotalHours / 2);

        /// <summary>
        /// The platform's count of stored containers: when a collection took some out, the fill drops with them
        /// (to a small residue when none is left). Returns whether the cabinet was emptied.
        /// </summary>
        public bool ObserveStoredContainers(int stored)
        {
            var emptied = stored < StoredContainers;
            if (emptied)
            {
                Fill = stored == 0 ? 0.02 + (Random.NextDouble() * 0.04) : Math.Max(0.02, Fill * stored / StoredContainers);
                Changed = true;
            }

            StoredContainers = stored;
            return emptied;
        }

        /// <summary>What the cabinet's sensors read at <paramref name="ts"/>: fill with sensor noise, weight, climate, VOC.</summary>
        public IReadOnlyList<(string Metric, double Value)> Readings(DateTime ts)
        {
            var fill = Math.Clamp(Fill + ((Random.NextDouble() - 0.5) * 0.006), 0, 1);
            return
            [
                ("fill_ratio", Math.Round(fill, 4)),
                ("weight", Math.Max(0, Math.Round((fill * KgPerFill) + ((Random.NextDouble() - 0.5) * 0.4), 1))),
                ("temperature", SimulationModels.TemperatureCel(Seed, ts)),
                ("humidity", SimulationModels.HumidityPercent(Seed, ts)),
                ("voc", Math.Round(0.4 + (5 * fill) + VocExcess + (Random.NextDouble() * 0.6), 2)),
            ];
        }
    }

    /// <summary>The cabinets found by <see cref="StartAsync"/>.</summary>
    internal IReadOnlyList<FeedCabinet> Cabinets => cabinets;

    /// <summary>The feed's simulated time (deposits happen on it; readings carry the clock's time).</summary>
    internal DateTime SimulatedNow => simNow;

    /// <summary>Resolves the platform admin (the given one, or the demo PlatformAdmin the server lists) and signs in.</summary>
    public static async Task<string> SignInAsync(HttpClient http, string? user, string? password, CancellationToken cancellationToken)
    {
        if (user is null || password is null)
        {
            var info = await http.GetFromJsonAsync<JsonObject>("/api/system/info", cancellationToken);
            var admin = info?["demoAccounts"]?.AsArray().FirstOrDefault(a => a?["role"]?.GetValue<string>() == "PlatformAdmin")
                ?? throw new InvalidOperationException("pass --user/--password of a platform admin (the server lists no demo accounts)");
            user = admin["userName"]!.GetValue<string>();
            password = admin["password"]!.GetValue<string>();
        }

        using var response = await http.PostAsJsonAsync("/api/auth/token", new { userName = user, password }, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"sign-in as {user} answered {(int)response.StatusCode}: {text}");
        }

        return JsonNode.Parse(text)!["accessToken"]!.GetValue<string>();
    }

    /// <summary>Runs the feed until <paramref name="until"/> or cancellation, a step every 5 seconds of the clock.</summary>
    public async Task RunAsync(string baseUrl, string statePath, DateTime until, CancellationToken cancellationToken)
    {
        if (await StartAsync(baseUrl, statePath, cancellationToken) == 0)
        {
            return;
        }

        while (!cancellationToken.IsCancellationRequested && Now < until)
        {
            var step = await StepAsync(cancellationToken);
            if (step.Deposits > 0)
            {
                await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{Now:u} cabinets: {step.Deposits} deposits, {step.Crossed} crossed {Trigger:P0}, {step.Accepted} readings; {cabinets.Count(c => c.Fill >= Trigger)} of {cabinets.Count} at or above"));
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(5), clock, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>Signs in, discovers the demo cabinets (issuing missing device keys) and schedules them; returns how many.</summary>
    public async Task<int> StartAsync(string baseUrl, string statePath, CancellationToken cancellationToken)
    {
        bearer = await signIn(cancellationToken);
        signedInAt = Now;
        cabinets = await DiscoverAsync(baseUrl, statePath, cancellationToken);
        if (cabinets.Count == 0)
        {
            await log.WriteLineAsync("cabinets: no demo storage-cabinet devices bound to waste cabinets on this server; nothing to feed");
            return 0;
        }

        lastReal = lastPoll = simNow = Now;
        foreach (var c in cabinets)
        {
            c.NextDepositSim = simNow + c.NextGap();
            c.NextReport = lastReal.AddSeconds(c.Random.NextDouble() * Math.Min(IntervalSeconds, 30));
        }

        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"cabinets: feeding {cabinets.Count} demo cabinets at speed {speed:0.##} ({cabinets.Count(c => c.Fill >= Trigger)} at or above {Trigger:P0} now)"));
        return cabinets.Count;
    }

    /// <summary>
    /// One step at the clock's current time: simulated time advances by the real time since the last step times the
    /// speed, deposits due by then are made, collections are looked up once a minute, and every cabinet that changed or
    /// whose interval is up reports.
    /// </summary>
    public async Task<FeedStep> StepAsync(CancellationToken cancellationToken)
    {
        var nowReal = Now;
        var simStep = (nowReal - lastReal) * speed;
        simNow += simStep;
        lastReal = nowReal;
        var deposits = 0;
        var crossed = 0;
        foreach (var c in cabinets)
        {
            c.Elapse(simStep);
            while (c.NextDepositSim <= simNow)
            {
                var before = c.Fill;
                c.Deposit();
                deposits++;
                crossed += before < Trigger && c.Fill >= Trigger ? 1 : 0;
                c.NextDepositSim += c.NextGap();
            }
        }

        var emptied = 0;
        if (nowReal - lastPoll >= TimeSpan.FromSeconds(60))
        {
            if (nowReal - signedInAt >= TimeSpan.FromMinutes(10))
            {
                try
                {
                    bearer = await signIn(cancellationToken);
                    signedInAt = nowReal;
                }
                catch (HttpRequestException)
                {
                    // the host is busy or restarting; the next poll signs in again
                }
            }

            emptied = await ApplyCollectionsAsync(cancellationToken);
            lastPoll = nowReal;
        }

        var due = cabinets.Where(c => c.Changed || c.NextReport <= nowReal).ToList();
        int accepted = 0, rejected = 0, failed = 0;
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken }, async (c, ct) =>
        {
            var (a, r, ok) = await ReportAsync(c, nowReal, ct);
            Interlocked.Add(ref accepted, a);
            Interlocked.Add(ref rejected, r);
            Interlocked.Add(ref failed, ok ? 0 : 1);
            c.Changed = false;
            c.NextReport = nowReal.AddSeconds(IntervalSeconds);
        });
        return new FeedStep(deposits, crossed, due.Count, accepted, rejected, failed, emptied);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<List<FeedCabinet>> DiscoverAsync(string baseUrl, string statePath, CancellationToken cancellationToken)
    {
        var devices = (await GetAsync("/api/telemetry/devices", cancellationToken)).AsArray()
            .Where(d => d?["type"]?.GetValue<string>() == "storage_cabinet" && d["isDemo"]?.GetValue<bool>() == true)
            .Select(d => d!["deviceId"]!.GetValue<Guid>()).ToHashSet();
        var found = (await GetAsync("/api/waste/cabinets", cancellationToken)).AsArray()
            .Where(c => devices.Contains(c!["deviceId"]!.GetValue<Guid>())).Select(c => c!).ToList();

        var state = File.Exists(statePath) ? JsonSerializer.Deserialize<KeyState>(await File.ReadAllTextAsync(statePath, cancellationToken), StateJson) : null;
        if (state is null || !string.Equals(state.BaseUrl, baseUrl, StringComparison.OrdinalIgnoreCase))
        {
            state = new KeyState(baseUrl, []);
        }

        var issued = 0;
        foreach (var cabinet in found)
        {
            var deviceId = cabinet["deviceId"]!.GetValue<Guid>();
            if (!state.Keys.ContainsKey(deviceId))
            {
                state.Keys[deviceId] = (await SendAsync(HttpMethod.Post, $"/api/devices/{deviceId}/keys", new JsonObject(), cancellationToken))["key"]!.GetValue<string>();
                issued++;
            }
        }

        if (issued > 0)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(statePath))!);
            await File.WriteAllTextAsync(statePath, JsonSerializer.Serialize(state, StateJson), cancellationToken);
            await log.WriteLineAsync($"cabinets: issued {issued} device keys (kept in {statePath}; keep it private)");
        }

        return found.Select(c =>
        {
            var deviceId = c["deviceId"]!.GetValue<Guid>();
            var seed = deviceId.GetHashCode();
            var noise = new Random(seed);
            return new FeedCabinet(c["id"]!.GetValue<Guid>(), deviceId, c["name"]!.GetValue<string>(), state.Keys[deviceId],
                c["fillRatio"]?.GetValue<double>() ?? 0.1, c["storedContainers"]?.GetValue<int>() ?? 0, seed)
            {
                KgPerFill = 350 + (noise.NextDouble() * 450),
                MeanDaysBetweenDeposits = 3 + (noise.NextDouble() * 11),
            };
        }).ToList();
    }

    /// <summary>A collection took containers out of a cabinet: its fill drops with them. Returns how many were emptied.</summary>
    private async Task<int> ApplyCollectionsAsync(CancellationToken cancellationToken)
    {
        JsonArray current;
        try
        {
            current = (await GetAsync("/api/waste/cabinets", cancellationToken)).AsArray();
        }
        catch (HttpRequestException)
        {
            return 0; // the host is busy or restarting; try again on the next poll
        }

        var byId = cabinets.ToDictionary(c => c.CabinetId);
        var emptied = 0;
        foreach (var node in current)
        {
            if (byId.TryGetValue(node!["id"]!.GetValue<Guid>(), out var c) && c.ObserveStoredContainers(node["storedContainers"]?.GetValue<int>() ?? 0))
            {
                emptied++;
                await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"cabinets: {c.Name} ({c.CabinetId}) emptied by a collection, fill now {c.Fill:P0}"));
            }
        }

        return emptied;
    }

    /// <summary>Posts the cabinet's readings with its own device key; returns (accepted, rejected, request succeeded).</summary>
    private async Task<(int Accepted, int Rejected, bool Ok)> ReportAsync(FeedCabinet c, DateTime ts, CancellationToken cancellationToken)
    {
        var readings = new JsonArray([.. c.Readings(ts).Select(r => (JsonNode)Reading(c, r.Metric, ts, r.Value))]);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/telemetry/readings") { Content = JsonContent.Create(new JsonObject { ["readings"] = readings }) };
        request.Headers.Add("X-Device-Key", c.Key);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                await log.WriteLineAsync($"cabinets: ingest answered {(int)response.StatusCode} for {c.DeviceId}: {body}");
                return (0, 0, false);
            }

            var result = JsonNode.Parse(body)!;
            var rejected = result["rejected"]?.AsArray() ?? [];
            if (rejected.FirstOrDefault() is { } first)
            {
                await log.WriteLineAsync($"cabinets: {rejected.Count} readings of {c.DeviceId} rejected, e.g. {first.ToJsonString()}");
            }

            return (result["accepted"]!.GetValue<int>(), rejected.Count, true);
        }
        catch (HttpRequestException e)
        {
            await log.WriteLineAsync($"cabinets: ingest failed for {c.DeviceId}: {e.Message}");
            return (0, 0, false);
        }
    }

    private static JsonObject Reading(FeedCabinet c, string metric, DateTime ts, double value) =>
        new() { ["deviceId"] = c.DeviceId, ["metric"] = metric, ["ts"] = ts, ["value"] = value };

    private Task<JsonNode> GetAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, path, null, cancellationToken);

    private async Task<JsonNode> SendAsync(HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        }

        return JsonNode.Parse(text)!;
    }
}
