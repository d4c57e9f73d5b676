using System;
using System.Threading;
using Microsoft.Extensions.Time.Testing;

namespace AsyncGuide.Runtime.Tests;

/// <summary>A <see cref="FakeTimeProvider"/> that counts the timers still alive, to prove combinators dispose theirs.</summary>
internal sealed class CountingTimeProvider : TimeProvider
{
    private int _live;

    public FakeTimeProvider Clock { get; } = new();

    public int LiveTimers => Volatile.Read(ref _live);

    public void Advance(TimeSpan delta) => Clock.Advance(delta);

    public override DateTimeOffset GetUtcNow() => Clock.GetUtcNow();

    public override long GetTimestamp() => Clock.GetTimestamp();

    public override long TimestampFrequency => Clock.TimestampFrequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _live);
        return new CountedTimer(this, Clock.CreateTimer(callback, state, dueTime, period));
    }

    private sealed class CountedTimer(CountingTimeProvider owner, ITimer inner) : ITimer
    {
        private int _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref owner._live);
            }

            inner.Dispose();
        }

        public System.Threading.Tasks.ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }
    }
}
