using Smf.Server;

namespace Smf.Runtime.Tests.Server;

/// <summary>A one-method service that reports its disposal.</summary>
internal sealed class DisposableService(Action onDispose) : RpcService, IDisposable
{
    private readonly RpcMethod[] _methods = [new RpcMethod("Noop", TestService.MethodId("Noop"), static _ => default)];

    public override string Name => "DisposableService";

    public override IReadOnlyList<RpcMethod> Methods => _methods;

    public void Dispose() => onDispose();
}
