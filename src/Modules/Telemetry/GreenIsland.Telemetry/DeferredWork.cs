namespace GreenIsland.Telemetry;

/// <summary>
/// In-process notice that an ingest transaction committed, so the work it left for later - the outbox messages to
/// deliver, the rollup deltas to fold - starts within moments instead of at the next poll. The ingest stores call
/// <see cref="Committed"/> after each commit; the outbox dispatcher and the rollup merge wait on their own
/// <see cref="WakeSignal"/>. Signals are coalesced: however many commits arrive while a job runs, it runs once more
/// over all of them. Only this process is notified: other instances' commits (and retries that come due) are picked
/// up by each job's poll interval, as before.
/// </summary>
internal sealed class DeferredWork(TimeProvider clock)
{
    /// <summary>Wakes the outbox dispatcher.</summary>
    public WakeSignal Outbox { get; } = new(clock);

    /// <summary>Wakes the rollup merge.</summary>
    public WakeSignal Rollups { get; } = new(clock);

    private int ingesting;

    /// <summary>Ingest requests of this process between their start and their answer (the rollup merge waits for none).</summary>
    public bool Ingesting => Volatile.Read(ref ingesting) > 0;

    /// <summary>An ingest request started; pair with <see cref="IngestEnded"/>.</summary>
    public void IngestStarted() => Interlocked.Increment(ref ingesting);

    /// <summary>An ingest request ended (written, or failed).</summary>
    public void IngestEnded() => Interlocked.Decrement(ref ingesting);

    /// <summary>An ingest transaction committed (cheap: no allocation unless a job is waiting).</summary>
    public void Committed()
    {
        Outbox.Set();
        Rollups.Set();
    }
}

/// <summary>
/// A coalescing wake-up for one background job: <see cref="Set"/> completes the task <see cref="WaitAsync()"/> returned
/// (and every later one, until <see cref="Reset"/>). The job calls <see cref="Reset"/> before it reads the work, so a
/// signal that arrives while it works is not lost: the next wait returns at once.
/// </summary>
internal sealed class WakeSignal(TimeProvider clock)
{
    private TaskCompletionSource next = NewSource();
    private long lastSet;

    /// <summary><see cref="TimeProvider.GetTimestamp"/> of the last <see cref="Set"/> (0: never).</summary>
    public long LastSetTimestamp => Volatile.Read(ref lastSet);

    public void Set()
    {
        Volatile.Write(ref lastSet, clock.GetTimestamp());
        Volatile.Read(ref next).TrySetResult();
    }

    /// <summary>Completes when <see cref="Set"/> was called since the last <see cref="Reset"/> (at once if it was).</summary>
    public Task WaitAsync() => Volatile.Read(ref next).Task;

    /// <summary>
    /// Waits until <see cref="Set"/> was called since the last <see cref="Reset"/> (true) or <paramref name="timeout"/>
    /// passed (false; at once when it is not positive).
    /// </summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var signalled = WaitAsync();
        if (signalled.IsCompleted)
        {
            return true;
        }

        if (timeout <= TimeSpan.Zero)
        {
            return false;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, clock, stop.Token);
        if (await Task.WhenAny(signalled, delay) == signalled)
        {
            await stop.CancelAsync();
            return true;
        }

        await delay; // throws when cancelled
        return false;
    }

    /// <summary>Forgets the signals received so far; call it before reading the work they announced.</summary>
    public void Reset()
    {
        var current = Volatile.Read(ref next);
        if (current.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref next, NewSource(), current);
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
