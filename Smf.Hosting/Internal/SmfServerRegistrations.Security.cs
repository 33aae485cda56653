using Smf.Interceptors;
using Smf.Security;

namespace Smf.Hosting.Internal;

/// <summary>The interceptors and authorization registered with the builder.</summary>
internal sealed partial class SmfServerRegistrations
{
    /// <summary>The interceptors' factories and types, outermost first.</summary>
    public List<(Type Type, Func<IServiceProvider, RpcInterceptor> Create)> Interceptors { get; } = [];

    /// <summary>What fills the server's authorization table, in registration order; empty for none.</summary>
    public List<Action<IServiceProvider, RpcAuthorization>> Authorization { get; } = [];
}
