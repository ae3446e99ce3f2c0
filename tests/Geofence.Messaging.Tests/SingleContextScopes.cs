using Microsoft.Extensions.DependencyInjection;

namespace Geofence.Messaging.Tests;

/// <summary>Scopes that each hold one context of the test's making, for the hosted services that take a scope factory.</summary>
internal sealed class SingleContextScopes<TContext>(Func<TContext> open) : IServiceScopeFactory where TContext : class, IAsyncDisposable
{
    public IServiceScope CreateScope() => new Scope(open());

    private sealed class Scope(TContext context) : IServiceScope, IAsyncDisposable, IServiceProvider
    {
        public IServiceProvider ServiceProvider => this;
        public object? GetService(Type serviceType) => serviceType == typeof(TContext) ? context : null;
        public void Dispose() => context.DisposeAsync().AsTask().GetAwaiter().GetResult();
        public ValueTask DisposeAsync() => context.DisposeAsync();
    }
}

internal static class SingleContextScopes
{
    public static SingleContextScopes<TContext> For<TContext>(Func<TContext> open) where TContext : class, IAsyncDisposable => new(open);
}
