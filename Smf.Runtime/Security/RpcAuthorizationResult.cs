namespace Smf.Security;

/// <summary>What an <see cref="RpcAuthorizationPolicy"/> decides about one call.</summary>
public enum RpcAuthorizationResult
{
    /// <summary>The call runs.</summary>
    Allow = 0,

    /// <summary>The caller is not authenticated (no client certificate, say): answered <see cref="RpcStatus.Unauthorized"/> (401) without running the handler.</summary>
    Unauthorized = 1,

    /// <summary>The caller is authenticated but not allowed this method: answered <see cref="RpcStatus.Forbidden"/> (403) without running the handler.</summary>
    Forbidden = 2,
}
