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
internal sealed class CabinetFeed(HttpClient http, TextWriter log, double speed, Func<CancellationToken, Task<string>> signIn)
{
    private const int IntervalSeconds = 300;
    private const double Trigger = 0.8;
    private static readonly JsonSerializerOptions StateJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    internal sealed record KeyState(string BaseUrl, Dictionary<Guid, string> Keys);

    internal sealed class FeedCabinet(Guid cabinetId, Guid deviceId, string name, string key, double fill, int stored, int seed)
    {
        public Guid CabinetId { get; } = cabinetId;

        public Guid DeviceId { get; } = deviceId;

        public string Name { get; } = name;

        public string Key { get; } = key;

        public int Seed { get; } = seed;

        public Random Random { get; } = new(seed);

        public double Fill { get; set; } = fill;

        public int StoredContainers { get; set; } = stored;

        /// <summary>Kilograms per unit of fill (what a full cabinet of this enterprise's waste weighs).</summary>
        public double KgPerFill { get; init; }

        /// <summary>Mean simulated days between two deposits.</summary>
        public double MeanDaysBetweenDeposits { get; init; }

        public DateTime NextDepositSim { get; set; }

        public DateTime NextReport { get; set; }

        /// <summary>Extra VOC (ppm) from a badly closed drum, decaying over simulated hours.</summary>
        public double VocExcess { get; set; }

        public bool Changed { get; set; }
    }

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

    /// <summary>Runs the feed until <paramref name="until"/> or cancellation.</summary>
    public async Task RunAsync(string baseUrl, string statePath, DateTime until, CancellationToken cancellationToken)
    {
        var bearer = await signIn(cancellationToken);
        var signedInAt = DateTime.UtcNow;
        var cabinets = await DiscoverAsync(bearer, baseUrl, statePath, cancellationToken);
        if (cabinets.Count == 0)
        {
            await log.WriteLineAsync("cabinets: no demo storage-cabinet devices bound to waste cabinets on this server; nothing to feed");
            return;
        }

        var startReal = DateTime.UtcNow;
        var simNow = startReal;
        foreach (var c in cabinets)
        {
            c.NextDepositSim = simNow + NextGap(c);
            c.NextReport = startReal.AddSeconds(c.Random.NextDouble() * Math.Min(IntervalSeconds, 30));
        }

        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"cabinets: feeding {cabinets.Count} demo cabinets at speed {speed:0.##} ({cabinets.Count(c => c.Fill >= Trigger)} at or above {Trigger:P0} now)"));
        var lastReal = startReal;
        var lastPoll = startReal;
        while (!cancellationToken.IsCancellationRequested && DateTime.UtcNow < until)
        {
            var nowReal = DateTime.UtcNow;
            var simStep = (nowReal - lastReal) * speed;
            simNow += simStep;
            lastReal = nowReal;
            var deposits = 0;
            var crossed = 0;
            foreach (var c in cabinets)
            {
                c.VocExcess *= Math.Exp(-simStep.TotalHours / 2);
                while (c.NextDepositSim <= simNow)
                {
                    var before = c.Fill;
                    Deposit(c);
                    deposits++;
                    crossed += before < Trigger && c.Fill >= Trigger ? 1 : 0;
                    c.NextDepositSim += NextGap(c);
                }
            }

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

                await ApplyCollectionsAsync(bearer, cabinets, cancellationToken);
                lastPoll = nowReal;
            }

            var due = cabinets.Where(c => c.Changed || c.NextReport <= nowReal).ToList();
            var sent = 0;
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken }, async (c, ct) =>
            {
                Interlocked.Add(ref sent, await ReportAsync(c, nowReal, ct));
                c.Changed = false;
                c.NextReport = nowReal.AddSeconds(IntervalSeconds);
            });
            if (deposits > 0)
            {
                await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{nowReal:u} cabinets: {deposits} deposits, {crossed} crossed {Trigger:P0}, {sent} readings; {cabinets.Count(c => c.Fill >= Trigger)} of {cabinets.Count} at or above"));
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private TimeSpan NextGap(FeedCabinet c) =>
        TimeSpan.FromDays(Math.Max(0.05, -Math.Log(1 - c.Random.NextDouble()) * c.MeanDaysBetweenDeposits));

    private static void Deposit(FeedCabinet c)
    {
        if (c.Fill >= 0.97)
        {
            return; // full: nothing more fits until it is emptied
        }

        c.Fill = Math.Min(0.99, c.Fill + 0.03 + (c.Random.NextDouble() * 0.09));
        if (c.Random.NextDouble() < 0.02)
        {
            c.VocExcess = 45 + (c.Random.NextDouble() * 30); // a solvent drum put away with a loose lid
        }

        c.Changed = true;
    }

    private async Task<List<FeedCabinet>> DiscoverAsync(string bearer, string baseUrl, string statePath, CancellationToken cancellationToken)
    {
        var devices = (await GetAsync("/api/telemetry/devices", bearer, cancellationToken)).AsArray()
            .Where(d => d?["type"]?.GetValue<string>() == "storage_cabinet" && d["isDemo"]?.GetValue<bool>() == true)
            .Select(d => d!["deviceId"]!.GetValue<Guid>()).ToHashSet();
        var cabinets = (await GetAsync("/api/waste/cabinets", bearer, cancellationToken)).AsArray()
            .Where(c => devices.Contains(c!["deviceId"]!.GetValue<Guid>())).Select(c => c!).ToList();

        var state = File.Exists(statePath) ? JsonSerializer.Deserialize<KeyState>(await File.ReadAllTextAsync(statePath, cancellationToken), StateJson) : null;
        if (state is null || !string.Equals(state.BaseUrl, baseUrl, StringComparison.OrdinalIgnoreCase))
        {
            state = new KeyState(baseUrl, []);
        }

        var issued = 0;
        foreach (var cabinet in cabinets)
        {
            var deviceId = cabinet["deviceId"]!.GetValue<Guid>();
            if (!state.Keys.ContainsKey(deviceId))
            {
                state.Keys[deviceId] = (await SendAsync(HttpMethod.Post, $"/api/devices/{deviceId}/keys", bearer, new JsonObject(), cancellationToken))["key"]!.GetValue<string>();
                issued++;
            }
        }

        if (issued > 0)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(statePath))!);
            await File.WriteAllTextAsync(statePath, JsonSerializer.Serialize(state, StateJson), cancellationToken);
            await log.WriteLineAsync($"cabinets: issued {issued} device keys (kept in {statePath}; keep it private)");
        }

        return cabinets.Select(c =>
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

    /// <summary>A collection took containers out of a cabinet: its fill drops with them.</summary>
    private async Task ApplyCollectionsAsync(string bearer, List<FeedCabinet> cabinets, CancellationToken cancellationToken)
    {
        JsonArray current;
        try
        {
            current = (await GetAsync("/api/waste/cabinets", bearer, cancellationToken)).AsArray();
        }
        catch (HttpRequestException)
        {
            return; // the host is busy or restarting; try again on the next poll
        }

        var byId = cabinets.ToDictionary(c => c.CabinetId);
        foreach (var node in current)
        {
            if (!byId.TryGetValue(node!["id"]!.GetValue<Guid>(), out var c))
            {
                continue;
            }

            var stored = node["storedContainers"]?.GetValue<int>() ?? 0;
            if (stored < c.StoredContainers)
            {
                c.Fill = stored == 0 ? 0.02 + (c.Random.NextDouble() * 0.04) : Math.Max(0.02, c.Fill * stored / c.StoredContainers);
                c.Changed = true;
                await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"cabinets: {c.Name} ({c.CabinetId}) emptied by a collection, fill now {c.Fill:P0}"));
            }

            c.StoredContainers = stored;
        }
    }

    private async Task<int> ReportAsync(FeedCabinet c, DateTime ts, CancellationToken cancellationToken)
    {
        var fill = Math.Clamp(c.Fill + ((c.Random.NextDouble() - 0.5) * 0.006), 0, 1);
        var readings = new JsonArray
        {
            Reading(c, "fill_ratio", ts, Math.Round(fill, 4)),
            Reading(c, "weight", ts, Math.Round((fill * c.KgPerFill) + ((c.Random.NextDouble() - 0.5) * 0.4), 1)),
            Reading(c, "temperature", ts, SimulationModels.TemperatureCel(c.Seed, ts)),
            Reading(c, "humidity", ts, SimulationModels.HumidityPercent(c.Seed, ts)),
            Reading(c, "voc", ts, Math.Round(0.4 + (5 * fill) + c.VocExcess + (c.Random.NextDouble() * 0.6), 2)),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/telemetry/readings") { Content = JsonContent.Create(new JsonObject { ["readings"] = readings }) };
        request.Headers.Add("X-Device-Key", c.Key);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                await log.WriteLineAsync($"cabinets: ingest answered {(int)response.StatusCode} for {c.DeviceId}: {body}");
                return 0;
            }

            return JsonNode.Parse(body)!["accepted"]!.GetValue<int>();
        }
        catch (HttpRequestException e)
        {
            await log.WriteLineAsync($"cabinets: ingest failed for {c.DeviceId}: {e.Message}");
            return 0;
        }
    }

    private static JsonObject Reading(FeedCabinet c, string metric, DateTime ts, double value) =>
        new() { ["deviceId"] = c.DeviceId, ["metric"] = metric, ["ts"] = ts, ["value"] = value };

    private Task<JsonNode> GetAsync(string path, string bearer, CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, path, bearer, null, cancellationToken);

    private async Task<JsonNode> SendAsync(HttpMethod method, string path, string bearer, JsonObject? body, CancellationToken cancellationToken)
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
